package dev.switchboard.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.GatewayError;
import dev.switchboard.config.DeploymentConfig;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.config.RoutingConfig;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.HealthProbe;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderRegistry;
import dev.switchboard.routing.health.DeploymentHealth;
import dev.switchboard.routing.health.HealthRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How health shapes a plan: ejected deployments are skipped, panic tries the least bad one, cooldowns answer 429. */
class PlannerHealthTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final RoutingConfig routing = new RoutingConfig(3, 1000, 5000, new RoutingConfig.Retry(0.2, 10, 25, 1000),
      new RoutingConfig.Active(false, 10_000, 2000, 3, 2), new RoutingConfig.Passive(1, 30_000, 300_000));
  private Vertx vertx;
  private HealthRegistry health;
  private Planner planner;
  private ModelGroup group;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    ProviderRegistry registry = ProviderRegistry.builtIn();
    ProviderConfig config = new ProviderConfig("p", "openai", "http://127.0.0.1:9/v1", "", 1000, 1000, 1, Map.of());
    Provider provider = registry.factory("openai").create(config, vertx);
    List<Target> targets = List.of("one", "two").stream().map(m -> new Target(Deployment.of(config,
        new DeploymentConfig("p", m, 1, null, true), null), provider)).toList();
    group = new ModelGroup("g", new Balancer.RoundRobin(), targets, List.of(), List.of());
    health = new HealthRegistry(routing, clock);
    planner = new Planner(Map.of("g", group), health);
  }

  @AfterEach
  void tearDown() {
    vertx.close();
  }

  private void breakDeployment(String id, Failure failure) {
    DeploymentHealth h = health.of(id);
    assertTrue(h.acquire(false));
    h.failed(failure);
    h.release();
  }

  private static final Failure BROKEN = Failure.of(FailureClass.UPSTREAM_5XX, 500, "HTTP 500");

  @Test
  void ejectedDeploymentsAreLeftOut() {
    breakDeployment("p/one", BROKEN);
    Plan plan = planner.plan(HealthProbe.ONE_TOKEN, group);
    assertFalse(plan.panic());
    assertEquals(List.of("p/two"), plan.targets().stream().map(t -> t.deployment().id()).toList());
  }

  @Test
  void whenEveryDeploymentIsEjectedTheLeastBadOneIsTriedOnce() {
    breakDeployment("p/one", BROKEN);
    clock.advance(Duration.ofSeconds(10));
    breakDeployment("p/two", BROKEN);
    Plan plan = planner.plan(HealthProbe.ONE_TOKEN, group);
    assertTrue(plan.panic());
    assertEquals(List.of("p/one"), plan.targets().stream().map(t -> t.deployment().id()).toList(),
        "p/one's ejection ends first");
    assertEquals(2, plan.considered().size());
  }

  @Test
  void whenEveryDeploymentIsOnlyCoolingDownTheAnswerIs429WithTheShortestWait() {
    breakDeployment("p/one", new Failure(FailureClass.RATE_LIMITED, true, 429, "HTTP 429", 20_000));
    breakDeployment("p/two", new Failure(FailureClass.RATE_LIMITED, true, 429, "HTTP 429", 8_000));
    GatewayError error = assertThrows(GatewayError.class, () -> planner.plan(HealthProbe.ONE_TOKEN, group));
    assertEquals(429, error.status());
    assertEquals("8", error.headers().get("retry-after"));
  }
}
