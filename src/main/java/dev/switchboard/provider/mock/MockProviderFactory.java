package dev.switchboard.provider.mock;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderFactory;
import dev.switchboard.provider.openai.OpenAiAdapter;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;

/**
 * {@code type: mock} — a built-in backend that answers in-process in the OpenAI wire format, so the demo
 * and tests exercise the same translation, framing and streaming path as a real upstream. Options:
 * {@code latency_ms} (delay before the answer), {@code fail_rate} (share of calls answered 503),
 * {@code stream_interval_ms} (delay between streamed chunks).
 */
public final class MockProviderFactory implements ProviderFactory {
  private static final OpenAiAdapter ADAPTER = new OpenAiAdapter();

  @Override
  public String type() {
    return "mock";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of("latency_ms", "fail_rate", "stream_interval_ms");
  }

  @Override
  public void validate(ProviderConfig config, String path, List<ConfigProblem> problems) {
    checkMillis(config, "latency_ms", path, problems);
    checkMillis(config, "stream_interval_ms", path, problems);
    String rate = config.option("fail_rate", "0");
    try {
      double value = Double.parseDouble(rate);
      if (value < 0 || value > 1) {
        problems.add(new ConfigProblem(path + ".fail_rate", "must be between 0 and 1, was " + rate));
      }
    } catch (NumberFormatException e) {
      problems.add(new ConfigProblem(path + ".fail_rate", "expected a number between 0 and 1, was '" + rate + "'"));
    }
  }

  private static void checkMillis(ProviderConfig config, String key, String path, List<ConfigProblem> problems) {
    String raw = config.option(key, "0");
    try {
      long value = Long.parseLong(raw);
      if (value < 0 || value > 600_000) {
        problems.add(new ConfigProblem(path + "." + key, "must be between 0 and 600000, was " + value));
      }
    } catch (NumberFormatException e) {
      problems.add(new ConfigProblem(path + "." + key, "expected a whole number of milliseconds, was '" + raw + "'"));
    }
  }

  @Override
  public Provider create(ProviderConfig config, Vertx vertx) {
    MockTransport transport = new MockTransport(vertx, Long.parseLong(config.option("latency_ms", "0")),
        Double.parseDouble(config.option("fail_rate", "0")), Long.parseLong(config.option("stream_interval_ms", "0")));
    return new Provider(config, ADAPTER, transport);
  }
}
