package dev.switchboard.routing.health;

import dev.switchboard.config.RoutingConfig;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The health of every deployment, by deployment id; per replica, like Envoy's host health. */
public final class HealthRegistry {
  private final RoutingConfig routing;
  private final Clock clock;
  private final Map<String, DeploymentHealth> byDeployment = new ConcurrentHashMap<>();

  public HealthRegistry(RoutingConfig routing, Clock clock) {
    this.routing = routing;
    this.clock = clock;
  }

  public DeploymentHealth of(String deploymentId) {
    return byDeployment.computeIfAbsent(deploymentId,
        id -> new DeploymentHealth(routing.passive(), routing.active(), clock));
  }

  public Clock clock() {
    return clock;
  }
}
