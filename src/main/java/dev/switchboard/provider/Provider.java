package dev.switchboard.provider;

import dev.switchboard.config.ProviderConfig;
import java.util.Optional;

/** A configured upstream account: how to translate for it and how to reach it. */
public record Provider(ProviderConfig config, ProviderAdapter adapter, Transport transport) {

  public String name() {
    return config.name();
  }

  /** The embeddings side of the adapter, when the backend serves embeddings. */
  public Optional<EmbeddingAdapter> embeddings() {
    return adapter instanceof EmbeddingAdapter e ? Optional.of(e) : Optional.empty();
  }
}
