package dev.switchboard.provider;

import dev.switchboard.config.ProviderConfig;

/** A configured upstream account: how to translate for it and how to reach it. */
public record Provider(ProviderConfig config, ProviderAdapter adapter, Transport transport) {

  public String name() {
    return config.name();
  }
}
