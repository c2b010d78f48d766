package dev.switchboard.provider.gemini;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.HttpTransport;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderFactory;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;

/** {@code type: gemini} — Google's Generative Language API at {@code base_url} (the host root), keyed by {@code api_key}. */
public final class GeminiProviderFactory implements ProviderFactory {
  private static final GeminiAdapter ADAPTER = new GeminiAdapter();

  @Override
  public String type() {
    return "gemini";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of();
  }

  @Override
  public void validate(ProviderConfig config, String path, List<ConfigProblem> problems) {
    // base_url, api_key and timeouts are checked by the common reader; gemini has no keys of its own
  }

  @Override
  public Provider create(ProviderConfig config, Vertx vertx) {
    return new Provider(config, ADAPTER, new HttpTransport(vertx, config));
  }
}
