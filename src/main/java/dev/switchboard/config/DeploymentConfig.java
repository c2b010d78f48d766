package dev.switchboard.config;

import java.math.BigDecimal;
import java.util.Map;

/**
 * One way to serve a model group: a provider account, the upstream model name, a weight, an optional
 * price override (USD per million tokens; null parts fall back to the catalog), whether active health
 * checks probe it, and where on the provider's platform it runs when that differs per deployment
 * ({@code placement}: {@code region} for Bedrock, {@code project} / {@code location} for Vertex AI, overriding
 * the provider's own).
 */
public record DeploymentConfig(String provider, String model, int weight, Price price, boolean healthCheck,
                               Map<String, String> placement) {

  /** The deployment keys that may override a provider option of the same name. */
  public static final java.util.Set<String> PLACEMENT_KEYS = java.util.Set.of("region", "project", "location");

  public DeploymentConfig {
    placement = Map.copyOf(placement);
  }

  /** A deployment on its provider's own placement. */
  public DeploymentConfig(String provider, String model, int weight, Price price, boolean healthCheck) {
    this(provider, model, weight, price, healthCheck, Map.of());
  }

  /** Per-deployment price override in USD per million tokens; each null part falls back to the catalog. */
  public record Price(BigDecimal inputPerMtok, BigDecimal outputPerMtok, BigDecimal cachedInputPerMtok,
                      BigDecimal cacheWritePerMtok, BigDecimal reasoningPerMtok) {}
}
