package dev.switchboard.routing.doctor;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderCatalog;
import dev.switchboard.routing.ModelGroup;
import dev.switchboard.routing.ModelGroups;
import dev.switchboard.routing.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One deployment to check: a provider account and upstream model, the public model names it serves and
 * where it is configured (e.g. {@code models.gpt-4o.deployments[1]}).
 */
public record DoctorTarget(Deployment deployment, Provider provider, List<String> groups, List<String> locations) {
  public DoctorTarget {
    groups = List.copyOf(groups);
    locations = List.copyOf(locations);
  }

  /** Every configured deployment, once per provider and upstream model, in configuration order. */
  public static List<DoctorTarget> of(GatewayConfig config, Map<String, Provider> providers, ProviderCatalog catalog) {
    return of(ModelGroups.build(config, providers, catalog).values());
  }

  /** Every deployment of the given model groups (e.g. a running router's), once each, in their order. */
  public static List<DoctorTarget> of(Collection<ModelGroup> modelGroups) {
    Map<String, DoctorTarget> byId = new LinkedHashMap<>();
    for (ModelGroup group : modelGroups) {
      List<Target> targets = group.targets();
      for (int i = 0; i < targets.size(); i++) {
        Target t = targets.get(i);
        String location = "models." + group.name() + ".deployments[" + i + "]";
        byId.merge(t.deployment().id(),
            new DoctorTarget(t.deployment(), t.provider(), List.of(group.name()), List.of(location)),
            DoctorTarget::plus);
      }
    }
    return List.copyOf(byId.values());
  }

  private DoctorTarget plus(DoctorTarget other) {
    List<String> g = new ArrayList<>(groups);
    other.groups.stream().filter(name -> !g.contains(name)).forEach(g::add);
    List<String> l = new ArrayList<>(locations);
    l.addAll(other.locations);
    return new DoctorTarget(deployment, provider, g, l);
  }

  /** The provider account's name, as under {@code providers}. */
  public String providerName() {
    return provider.name();
  }
}
