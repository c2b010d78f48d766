package dev.switchboard.usage;

import dev.switchboard.config.DeploymentConfig;
import dev.switchboard.provider.CatalogModel;
import dev.switchboard.provider.Deployment;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * The prices that apply at one deployment, in USD per million tokens: each field is the deployment's override
 * when it sets one, else the catalog's list price, else null (unknown).
 */
public record Prices(BigDecimal input, BigDecimal output, BigDecimal cachedInput, BigDecimal cacheWrite,
                     BigDecimal reasoning) {

  /** Resolves the prices of {@code deployment}, field by field. */
  public static Prices of(Deployment deployment) {
    DeploymentConfig.Price override = deployment.price();
    CatalogModel catalog = deployment.catalog();
    return new Prices(
        pick(override, DeploymentConfig.Price::inputPerMtok, catalog, CatalogModel::inputPerMtok),
        pick(override, DeploymentConfig.Price::outputPerMtok, catalog, CatalogModel::outputPerMtok),
        pick(override, DeploymentConfig.Price::cachedInputPerMtok, catalog, CatalogModel::cachedInputPerMtok),
        pick(override, DeploymentConfig.Price::cacheWritePerMtok, catalog, CatalogModel::cacheWritePerMtok),
        pick(override, DeploymentConfig.Price::reasoningPerMtok, catalog, CatalogModel::reasoningPerMtok));
  }

  private static BigDecimal pick(DeploymentConfig.Price override, Function<DeploymentConfig.Price, BigDecimal> own,
                                 CatalogModel catalog, Function<CatalogModel, BigDecimal> listed) {
    BigDecimal value = override == null ? null : own.apply(override);
    if (value == null && catalog != null) {
      value = listed.apply(catalog);
    }
    return value;
  }
}
