package dev.switchboard.tenant;

import dev.switchboard.config.KeyDigest;
import dev.switchboard.config.TenantConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the tenant of a presented key. Keys are known only by their SHA-256 digest: the presented key is
 * hashed and the digest looked up, so no comparison ever runs over the key's own bytes.
 */
public final class TenantDirectory {
  private static final int MAX_KEY_LENGTH = 512;
  private final Map<String, Tenant> byDigest = new HashMap<>();

  public TenantDirectory(Map<String, TenantConfig> tenants) {
    for (TenantConfig t : tenants.values()) {
      for (TenantConfig.Key key : t.keys()) {
        byDigest.put(key.sha256(), new Tenant(t.id(), key.id(), t.models()));
      }
    }
  }

  public Optional<Tenant> authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > MAX_KEY_LENGTH) {
      return Optional.empty();
    }
    return Optional.ofNullable(byDigest.get(KeyDigest.sha256Hex(presentedKey)));
  }
}
