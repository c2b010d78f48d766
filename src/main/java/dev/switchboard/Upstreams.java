package dev.switchboard;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.metrics.RoutingMeters;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderRegistry;
import dev.switchboard.routing.ActiveHealthChecks;
import dev.switchboard.routing.ModelGroups;
import dev.switchboard.routing.ModelRouter;
import dev.switchboard.routing.health.HealthRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The part of a running gateway that one configuration defines and a reload replaces: the provider accounts
 * (with their connection pools), the router over them, and its active health checks.
 */
record Upstreams(Map<String, Provider> providers, ModelRouter router, ActiveHealthChecks checks) {

  /**
   * Builds the upstreams of {@code config}. Provider accounts whose configuration is unchanged in {@code previous}
   * are kept (with their warm connection pools); {@code health} carries deployment health across a reload.
   */
  static Upstreams build(Vertx vertx, GatewayConfig config, ProviderRegistry registry, RoutingMeters meters,
                         HealthRegistry health, Map<String, Provider> previous) {
    Map<String, Provider> providers = new LinkedHashMap<>();
    for (ProviderConfig p : config.providers().values()) {
      Provider kept = previous.get(p.name());
      providers.put(p.name(), kept != null && kept.config().equals(p) ? kept : registry.factory(p.type()).create(p, vertx));
    }
    ModelRouter router = new ModelRouter(vertx, config.routing(), ModelGroups.build(config, providers, registry.catalog()),
        health, meters);
    return new Upstreams(providers, router, ActiveHealthChecks.start(vertx, config, router));
  }

  /** Closes the connection pools of the providers that {@code next} does not keep. */
  Future<Void> closeUnused(Upstreams next) {
    return Future.join(providers.values().stream().filter(p -> next.providers().get(p.name()) != p)
        .map(p -> p.transport().close()).toList()).mapEmpty();
  }

  /** Stops the checks and closes every provider's connection pool. */
  Future<Void> close() {
    checks.close();
    return Future.join(providers.values().stream().map(p -> p.transport().close()).toList()).mapEmpty();
  }
}
