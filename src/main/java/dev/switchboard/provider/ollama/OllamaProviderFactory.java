package dev.switchboard.provider.ollama;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.HttpTransport;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderFactory;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;

/** {@code type: ollama} — an Ollama server's native API at {@code base_url} (the host root, default 127.0.0.1:11434). */
public final class OllamaProviderFactory implements ProviderFactory {
  private static final OllamaAdapter ADAPTER = new OllamaAdapter();

  @Override
  public String type() {
    return "ollama";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of();
  }

  @Override
  public void validate(ProviderConfig config, String path, List<ConfigProblem> problems) {
    // base_url (defaulted by the catalog), api_key and timeouts are checked by the common reader
  }

  @Override
  public Provider create(ProviderConfig config, Vertx vertx) {
    return new Provider(config, ADAPTER, new HttpTransport(vertx, config));
  }
}
