package dev.switchboard.tenant;

import java.util.List;

/**
 * An authenticated caller's tenant: who is billed, through which key, which public models it may use, and
 * its budgets and rate limits as they stood when the key was looked up.
 */
public record Tenant(String id, String keyId, List<String> models, TenantLimits limits) {
  public Tenant {
    models = List.copyOf(models);
    limits = limits == null ? TenantLimits.NONE : limits;
  }

  /** True when the tenant may use {@code model} ({@code "*"} allows all). */
  public boolean allows(String model) {
    return models.contains("*") || models.contains(model);
  }
}
