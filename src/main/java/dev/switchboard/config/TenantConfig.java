package dev.switchboard.config;

import java.math.BigDecimal;
import java.util.List;

/**
 * A tenant defined in the configuration. Keys are held only as SHA-256 hex digests, whether the file
 * gave the digest or the key itself.
 */
public record TenantConfig(String id, List<Key> keys, List<String> models, BigDecimal dailyBudgetUsd,
                           BigDecimal monthlyBudgetUsd, long rpm, long tpm) {
  public TenantConfig {
    keys = List.copyOf(keys);
    models = List.copyOf(models);
  }

  /** True when the tenant may use {@code model} ({@code "*"} allows all). */
  public boolean allows(String model) {
    return models.contains("*") || models.contains(model);
  }

  /** A key: its id and the hex SHA-256 digest of the key text. */
  public record Key(String id, String sha256) {
    @Override
    public String toString() {
      return "Key[id=" + id + "]";
    }
  }
}
