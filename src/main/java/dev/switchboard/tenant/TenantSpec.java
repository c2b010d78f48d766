package dev.switchboard.tenant;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's definition: its allowed models and limits, and where it comes from — the configuration file
 * (read-only through the admin API) or the admin API (kept in the store).
 *
 * @param created when the admin API created it; null for configured tenants
 */
public record TenantSpec(String id, List<String> models, TenantLimits limits, Source source, Instant created) {
  public TenantSpec {
    models = List.copyOf(models);
  }

  /** Where a tenant is defined. */
  public enum Source {
    /** The {@code tenants} section of the configuration file. */
    CONFIG,
    /** The admin API; persisted in the store. */
    API
  }

  /** The tenant as seen by a request made with the key {@code keyId}. */
  public Tenant as(String keyId) {
    return new Tenant(id, keyId, models, limits);
  }
}
