package dev.switchboard.metrics;

import dev.switchboard.provider.FailureClass;
import dev.switchboard.routing.ModelGroup;
import dev.switchboard.routing.ModelRouter;
import dev.switchboard.routing.RouterEvents;
import dev.switchboard.routing.Target;
import dev.switchboard.routing.health.HealthState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Router meters: counters of attempts, retries, fallbacks and failed attempts by reason class (fed by
 * {@link RouterEvents}), and gauges read from the health registry at scrape time — each deployment's state,
 * availability, in-flight requests and ejections, and the healthy deployments of each model.
 */
public final class RoutingMeters implements RouterEvents {
  public static final String ATTEMPTS = "switchboard.upstream.attempts";
  public static final String ATTEMPT_FAILURES = "switchboard.upstream.attempt.failures";
  public static final String RETRIES = "switchboard.retries";
  public static final String FALLBACKS = "switchboard.fallbacks";

  private final MeterRegistry registry;
  private final MeterCache meters = new MeterCache();
  /** Held strongly: Micrometer keeps only a weak reference to a gauge's state object. */
  private Supplier<ModelRouter> current;

  public RoutingMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void attempt(String model, Target target, boolean retry, boolean fallback) {
    String deployment = target.deployment().id();
    String provider = target.provider().name();
    meters.get(Counter.class, ATTEMPTS, () -> Counter.builder(ATTEMPTS)
        .description("Upstream attempts sent, by public model and deployment")
        .tags("model", model, "deployment", deployment, "provider", provider).register(registry),
        model, deployment, provider).increment();
    if (retry) {
      Counter.builder(RETRIES).description("Attempts after a request's first one").tag("model", model)
          .register(registry).increment();
    }
    if (fallback) {
      Counter.builder(FALLBACKS).description("Attempts sent to a fallback model group's deployment")
          .tag("model", model).register(registry).increment();
    }
  }

  @Override
  public void attemptFailed(String model, Target target, FailureClass reason) {
    Counter.builder(ATTEMPT_FAILURES).description("Failed upstream attempts, by reason class")
        .tags("model", model, "deployment", target.deployment().id(), "reason", reason.wireName())
        .register(registry).increment();
  }

  /**
   * Registers the health gauges of every deployment and model group of {@code router}; they read the router the
   * gateway serves with now ({@code current}), so they follow a configuration reload. Call again after a reload
   * to add the gauges of new deployments and groups.
   */
  public void bind(ModelRouter router, Supplier<ModelRouter> current) {
    this.current = current;
    Map<String, Target> deployments = new LinkedHashMap<>();
    for (ModelGroup group : router.groups().values()) {
      group.targets().forEach(t -> deployments.putIfAbsent(t.deployment().id(), t));
      String model = group.name();
      Gauge.builder("switchboard.model.healthy.deployments", current, c -> c.get().group(model).map(g -> g.targets()
              .stream().filter(t -> c.get().health().of(t.deployment().id()).available()).count()).orElse(0L))
          .description("Deployments of a model group that can take traffic now").tag("model", model)
          .register(registry);
    }
    deployments.forEach((id, target) -> {
      String provider = target.provider().name();
      Gauge.builder("switchboard.upstream.available", current, c -> c.get().health().of(id).available() ? 1 : 0)
          .description("1 when the deployment can take traffic now").tags("deployment", id, "provider", provider)
          .register(registry);
      for (HealthState state : HealthState.values()) {
        Gauge.builder("switchboard.upstream.state", current, c -> c.get().health().of(id).snapshot().state() == state ? 1 : 0)
            .description("1 for the deployment's current health state")
            .tags("deployment", id, "provider", provider, "state", state.wireName()).register(registry);
      }
      Gauge.builder("switchboard.upstream.in.flight", current, c -> c.get().health().of(id).inFlight())
          .description("Attempts in flight to the deployment").tags("deployment", id, "provider", provider)
          .register(registry);
      FunctionCounter.builder("switchboard.upstream.ejections", current, c -> c.get().health().of(id).snapshot().ejections())
          .description("Times the deployment was ejected by outlier detection").tags("deployment", id, "provider", provider)
          .register(registry);
    });
  }
}
