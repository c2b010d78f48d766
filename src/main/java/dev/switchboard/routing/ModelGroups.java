package dev.switchboard.routing;

import dev.switchboard.config.DeploymentConfig;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ModelGroupConfig;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the model groups of a configuration snapshot from its providers. */
public final class ModelGroups {
  private ModelGroups() {}

  public static Map<String, ModelGroup> build(GatewayConfig config, Map<String, Provider> providers,
                                              ProviderCatalog catalog) {
    Map<String, ModelGroup> groups = new LinkedHashMap<>();
    for (ModelGroupConfig group : config.models().values()) {
      List<Target> targets = new ArrayList<>();
      for (DeploymentConfig d : group.deployments()) {
        Provider provider = providers.get(d.provider());
        targets.add(new Target(Deployment.of(provider.config(), d,
            catalog.model(provider.config().type(), d.model()).orElse(null)), provider));
      }
      groups.put(group.name(), new ModelGroup(group.name(), Balancer.forStrategy(group.strategy()), targets,
          group.fallbacks(), group.contextFallbacks()));
    }
    return groups;
  }
}
