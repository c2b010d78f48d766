package dev.switchboard.config;

import java.math.BigDecimal;

/**
 * One way to serve a model group: a provider account, the upstream model name, a weight, an optional
 * price override (USD per million tokens; null parts fall back to the catalog), and whether active health
 * checks probe it.
 */
public record DeploymentConfig(String provider, String model, int weight, Price price, boolean healthCheck) {

  /** Per-deployment price override in USD per million tokens; each null part falls back to the catalog. */
  public record Price(BigDecimal inputPerMtok, BigDecimal outputPerMtok, BigDecimal cachedInputPerMtok,
                      BigDecimal cacheWritePerMtok, BigDecimal reasoningPerMtok) {}
}
