package dev.switchboard.provider.anthropic;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.HttpTransport;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderFactory;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;

/**
 * {@code type: anthropic} — the Anthropic Messages API. Options: {@code version} (the {@code anthropic-version}
 * header, default {@value AnthropicAdapter#DEFAULT_VERSION}); {@code base_url} is the host root (the catalog's
 * default is {@code https://api.anthropic.com}).
 */
public final class AnthropicProviderFactory implements ProviderFactory {
  private static final AnthropicAdapter ADAPTER = new AnthropicAdapter();

  @Override
  public String type() {
    return "anthropic";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of("version");
  }

  @Override
  public void validate(ProviderConfig config, String path, List<ConfigProblem> problems) {
    String version = config.option("version", AnthropicAdapter.DEFAULT_VERSION);
    if (!version.matches("\\d{4}-\\d{2}-\\d{2}")) {
      problems.add(new ConfigProblem(path + ".version", "must be an API version date such as "
          + AnthropicAdapter.DEFAULT_VERSION + ", was '" + version + "'"));
    }
    if (config.baseUrl().endsWith("/v1")) {
      problems.add(new ConfigProblem(path + ".base_url", "must be the host root (e.g. https://api.anthropic.com): "
          + "the adapter adds /v1/messages, was '" + config.baseUrl() + "'"));
    }
  }

  @Override
  public Provider create(ProviderConfig config, Vertx vertx) {
    return new Provider(config, ADAPTER, new HttpTransport(vertx, config));
  }
}
