package dev.switchboard.routing.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.RoutingConfig;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.routing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Passive outlier detection and active checks on one deployment, with a clock the test moves. */
class DeploymentHealthTest {
  private static final Failure BROKEN = Failure.of(FailureClass.UPSTREAM_5XX, 500, "HTTP 500");
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final DeploymentHealth health = new DeploymentHealth(new RoutingConfig.Passive(3, 30_000, 100_000),
      new RoutingConfig.Active(true, 10_000, 2_000, 2, 2), clock);

  private void fail(int times, Failure failure) {
    for (int i = 0; i < times; i++) {
      assertTrue(health.acquire(false), "attempt " + i + " may be sent");
      health.failed(failure);
      health.release();
    }
  }

  private void succeed() {
    assertTrue(health.acquire(false));
    health.succeeded(40);
    health.release();
  }

  @Test
  void consecutiveFailuresEjectForTheBaseTime() {
    fail(2, BROKEN);
    assertTrue(health.available(), "two failures are below the threshold of three");
    fail(1, BROKEN);
    HealthSnapshot s = health.snapshot();
    assertEquals(HealthState.EJECTED, s.state());
    assertEquals("upstream_5xx", s.reason());
    assertEquals("HTTP 500", s.lastError());
    assertEquals(clock.instant().plusMillis(30_000), s.ejectedUntil());
    assertEquals(1, s.ejections());
    assertFalse(health.available());
    assertFalse(health.acquire(false), "an ejected deployment takes no traffic");
  }

  @Test
  void aSuccessResetsTheRunOfFailures() {
    fail(2, BROKEN);
    succeed();
    fail(2, BROKEN);
    assertEquals(HealthState.HEALTHY, health.snapshot().state());
  }

  @Test
  void afterTheEjectionOneTrialDecides() {
    fail(3, BROKEN);
    clock.advance(Duration.ofMillis(29_999));
    assertFalse(health.available());
    clock.advance(Duration.ofMillis(1));
    assertEquals(HealthState.HALF_OPEN, health.snapshot().state());
    assertTrue(health.acquire(false), "the trial");
    assertFalse(health.acquire(false), "only one trial at a time");
    health.succeeded(35);
    health.release();
    assertEquals(HealthState.HEALTHY, health.snapshot().state());
    assertTrue(health.available());
  }

  @Test
  void aFailedTrialEjectsAgainForTwiceAsLongUpToTheMaximum() {
    fail(3, BROKEN);
    clock.advance(Duration.ofSeconds(30));
    fail(1, BROKEN);
    assertEquals(clock.instant().plusMillis(60_000), health.snapshot().ejectedUntil(), "doubled");
    clock.advance(Duration.ofSeconds(60));
    fail(1, BROKEN);
    assertEquals(clock.instant().plusMillis(100_000), health.snapshot().ejectedUntil(), "capped at max_ejection_ms");
    assertEquals(3, health.snapshot().ejections());
  }

  @Test
  void aTrialThatEndsWithoutAnOutcomeCanBeGivenAgain() {
    fail(3, BROKEN);
    clock.advance(Duration.ofSeconds(30));
    assertTrue(health.acquire(false));
    health.release();
    assertTrue(health.acquire(false), "the client went away; the next request is the trial");
  }

  @Test
  void rateLimitsCoolDownWithoutCountingAsBroken() {
    Failure limited = new Failure(FailureClass.RATE_LIMITED, true, 429, "HTTP 429", 5_000);
    fail(1, limited);
    assertFalse(health.acquire(false), "a cooling deployment takes no traffic until its Retry-After passes");
    assertEquals(HealthState.HEALTHY, health.snapshot().state());
    assertEquals(0, health.snapshot().failures());
    assertTrue(health.onlyCooling());
    assertFalse(health.available());
    assertEquals(clock.instant().plusMillis(5_000), health.availableAt());
    clock.advance(Duration.ofSeconds(5));
    assertTrue(health.available());
  }

  @Test
  void callerFaultsNeverHarmHealth() {
    fail(10, Failure.of(FailureClass.CALLER_ERROR, 400, "HTTP 400: bad"));
    fail(10, Failure.of(FailureClass.CONTEXT_LENGTH_EXCEEDED, 400, "too long"));
    HealthSnapshot s = health.snapshot();
    assertEquals(HealthState.HEALTHY, s.state());
    assertEquals(0, s.failures());
    assertNull(s.reason());
  }

  @Test
  void activeChecksMarkUnhealthyAndBackAfterTheirThresholds() {
    Failure refused = Failure.of(FailureClass.CONNECT_REFUSED, 0, "TCP connect refused");
    health.probeFailed(refused);
    assertTrue(health.available());
    health.probeFailed(refused);
    assertEquals(HealthState.UNHEALTHY, health.snapshot().state());
    assertEquals("connect_refused", health.snapshot().reason());
    assertFalse(health.available());
    health.probePassed();
    assertEquals(HealthState.UNHEALTHY, health.snapshot().state(), "one pass is below healthy_threshold 2");
    health.probePassed();
    assertEquals(HealthState.HEALTHY, health.snapshot().state());
  }

  @Test
  void aPassingCheckLetsAnEjectedDeploymentTryAgainBeforeItsTimeIsUp() {
    fail(3, BROKEN);
    clock.advance(Duration.ofSeconds(10));
    health.probePassed();
    assertEquals(HealthState.HALF_OPEN, health.snapshot().state());
    succeed();
    assertEquals(HealthState.HEALTHY, health.snapshot().state());
  }

  @Test
  void inFlightAndLatencyAreTracked() {
    assertTrue(health.acquire(false));
    assertTrue(health.acquire(false));
    assertEquals(2, health.inFlight());
    health.succeeded(100);
    health.release();
    health.succeeded(300);
    health.release();
    assertEquals(0, health.inFlight());
    HealthSnapshot s = health.snapshot();
    assertEquals(100, s.latencyP50Ms());
    assertEquals(300, s.latencyP99Ms());
    assertEquals(140, s.latencyEwmaMs(), "0.2 * 300 + 0.8 * 100");
  }
}
