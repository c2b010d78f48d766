package dev.switchboard.provider.cohere;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.HttpTransport;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderFactory;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;

/** {@code type: cohere} — Cohere's v2 Chat and Embed APIs at {@code base_url} (the host root), keyed by {@code api_key}. */
public final class CohereProviderFactory implements ProviderFactory {
  private static final CohereAdapter ADAPTER = new CohereAdapter();

  @Override
  public String type() {
    return "cohere";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of();
  }

  @Override
  public void validate(ProviderConfig config, String path, List<ConfigProblem> problems) {
    // base_url, api_key and timeouts are checked by the common reader; Cohere takes no other keys
  }

  @Override
  public Provider create(ProviderConfig config, Vertx vertx) {
    return new Provider(config, ADAPTER, new HttpTransport(vertx, config));
  }
}
