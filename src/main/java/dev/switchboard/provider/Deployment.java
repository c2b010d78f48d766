package dev.switchboard.provider;

import dev.switchboard.config.DeploymentConfig;
import dev.switchboard.config.ProviderConfig;

/**
 * A resolved deployment: the provider account it runs on, the upstream model name, and what the catalog
 * knows about that model.
 *
 * @param id       stable name used in headers, metrics and health ({@code provider/model})
 * @param provider the provider account's configuration
 * @param model    the upstream model (for Azure, the deployment name)
 * @param weight   share of traffic under the weighted strategy
 * @param price    optional price override, or null
 * @param catalog  the catalog's entry for the upstream model (limits, capabilities, prices), or null
 */
public record Deployment(String id, ProviderConfig provider, String model, int weight, DeploymentConfig.Price price,
                         CatalogModel catalog) {

  /**
   * The deployment of {@code config} on {@code provider}. A placement ({@code region}, {@code project},
   * {@code location}) overrides the provider's options for this deployment alone and is part of its id
   * ({@code provider/model@us-west-2}), so each placement has its own health.
   */
  public static Deployment of(ProviderConfig provider, DeploymentConfig config, CatalogModel catalog) {
    String id = provider.name() + "/" + config.model();
    if (!config.placement().isEmpty()) {
      id += "@" + String.join(",", new java.util.TreeMap<>(config.placement()).values());
    }
    return new Deployment(id, provider.withOptions(config.placement()), config.model(), config.weight(),
        config.price(), catalog);
  }

  /** The model's output-token limit from the catalog, or {@code fallback} when the catalog does not say. */
  public int maxOutputTokens(int fallback) {
    return catalog != null && catalog.maxOutputTokens() > 0 ? catalog.maxOutputTokens() : fallback;
  }
}
