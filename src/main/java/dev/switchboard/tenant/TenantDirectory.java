package dev.switchboard.tenant;

import dev.switchboard.config.KeyDigest;
import dev.switchboard.config.TenantConfig;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tenants of the configuration file and the tenant of a presented configured key. Configured keys are
 * known only by their SHA-256 digest: the presented key is hashed and the digest looked up, so no comparison
 * ever runs over the key's own bytes. Works without the store.
 */
public final class TenantDirectory {
  static final int MAX_KEY_LENGTH = 512;
  private final Map<String, Tenant> byDigest = new HashMap<>();
  private final Map<String, TenantSpec> specs = new LinkedHashMap<>();
  private final Map<String, TenantConfig> configs = new LinkedHashMap<>();

  public TenantDirectory(Map<String, TenantConfig> tenants) {
    tenants.values().stream().sorted(Comparator.comparing(TenantConfig::id)).forEach(t -> {
      TenantSpec spec = new TenantSpec(t.id(), t.models(),
          new TenantLimits(t.dailyBudgetUsd(), t.monthlyBudgetUsd(), t.rpm(), t.tpm()), TenantSpec.Source.CONFIG, null);
      specs.put(t.id(), spec);
      configs.put(t.id(), t);
      for (TenantConfig.Key key : t.keys()) {
        byDigest.put(key.sha256(), spec.as(key.id()));
      }
    });
  }

  /** The tenant of a configured key, if {@code presentedKey} is one. */
  public Optional<Tenant> authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > MAX_KEY_LENGTH) {
      return Optional.empty();
    }
    return Optional.ofNullable(byDigest.get(KeyDigest.sha256Hex(presentedKey)));
  }

  /** The configured tenant {@code id}, if any. */
  public Optional<TenantSpec> spec(String id) {
    return Optional.ofNullable(specs.get(id));
  }

  /** Every configured tenant, by id. */
  public Map<String, TenantSpec> specs() {
    return Map.copyOf(specs);
  }

  /** The ids of the keys the configuration file gives tenant {@code id} (empty for unknown tenants). */
  public List<String> configuredKeyIds(String id) {
    TenantConfig config = configs.get(id);
    return config == null ? List.of() : config.keys().stream().map(TenantConfig.Key::id).toList();
  }
}
