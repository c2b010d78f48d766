package dev.switchboard.provider;

import dev.switchboard.config.DeploymentConfig;
import dev.switchboard.config.ProviderConfig;

/**
 * A resolved deployment: the provider account it runs on and the upstream model name.
 *
 * @param id       stable name used in headers, metrics and health ({@code provider/model})
 * @param provider the provider account's configuration
 * @param model    the upstream model (for Azure, the deployment name)
 * @param weight   share of traffic under the weighted strategy
 * @param price    optional price override, or null
 */
public record Deployment(String id, ProviderConfig provider, String model, int weight, DeploymentConfig.Price price) {

  public static Deployment of(ProviderConfig provider, DeploymentConfig config) {
    return new Deployment(provider.name() + "/" + config.model(), provider, config.model(), config.weight(),
        config.price());
  }
}
