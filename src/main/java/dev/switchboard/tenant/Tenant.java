package dev.switchboard.tenant;

import java.util.List;

/** An authenticated caller's tenant: who is billed, and which public models it may use. */
public record Tenant(String id, String keyId, List<String> models) {
  public Tenant {
    models = List.copyOf(models);
  }

  /** True when the tenant may use {@code model} ({@code "*"} allows all). */
  public boolean allows(String model) {
    return models.contains("*") || models.contains(model);
  }
}
