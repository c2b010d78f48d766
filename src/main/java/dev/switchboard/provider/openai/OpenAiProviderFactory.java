package dev.switchboard.provider.openai;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.HttpTransport;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderFactory;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;

/** {@code type: openai} — OpenAI or any OpenAI-compatible server reached at {@code base_url} (ending in /v1). */
public final class OpenAiProviderFactory implements ProviderFactory {
  private static final OpenAiAdapter ADAPTER = new OpenAiAdapter();

  @Override
  public String type() {
    return "openai";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of("organization");
  }

  @Override
  public void validate(ProviderConfig config, String path, List<ConfigProblem> problems) {
    // base_url, api_key and timeouts are checked by the common reader; organization is free text
  }

  @Override
  public Provider create(ProviderConfig config, Vertx vertx) {
    return new Provider(config, ADAPTER, new HttpTransport(vertx, config));
  }
}
