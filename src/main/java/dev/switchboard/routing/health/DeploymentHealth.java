package dev.switchboard.routing.health;

import dev.switchboard.config.RoutingConfig;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * One deployment's health, written by two producers — passive outlier detection (outcomes of real
 * attempts) and active health checks — and read by the balancer (Envoy's split). Thread-safe.
 *
 * <p>Passive: {@code consecutive_failures} failures in a row eject the deployment for
 * {@code base_ejection_ms}, doubled on each repeat up to {@code max_ejection_ms}; when the ejection ends the
 * next request is a single trial (half-open). A 429 cools the deployment down for its Retry-After without
 * counting as a failure. Caller faults (a 400 the caller caused) never count.
 */
public final class DeploymentHealth {
  private static final long DEFAULT_COOLDOWN_MS = 1_000;
  private static final int LATENCY_WINDOW = 256;
  private static final double EWMA_WEIGHT = 0.2;

  private final RoutingConfig.Passive passive;
  private final RoutingConfig.Active active;
  private final Clock clock;

  private HealthState state = HealthState.HEALTHY;
  private Instant since;
  private int consecutiveFailures;
  private int ejectionLevel;
  private Instant ejectedUntil;
  private Instant coolingUntil;
  private boolean trialInFlight;
  private FailureClass lastReason;
  private String lastError;
  private int activePasses;
  private int activeFailures;
  private int inFlight;
  private long successes;
  private long failures;
  private long ejections;
  private double ewmaMs = -1;
  private final long[] latencies = new long[LATENCY_WINDOW];
  private int latencyCount;

  public DeploymentHealth(RoutingConfig.Passive passive, RoutingConfig.Active active, Clock clock) {
    this.passive = passive;
    this.active = active;
    this.clock = clock;
    this.since = clock.instant();
  }

  /** True when the balancer may pick this deployment now (healthy and not cooling, or ready for its trial). */
  public synchronized boolean available() {
    Instant now = clock.instant();
    refresh(now);
    return switch (state) {
      case HEALTHY -> coolingUntil == null || !now.isBefore(coolingUntil);
      case HALF_OPEN -> !trialInFlight;
      default -> false;
    };
  }

  /** True when the only thing keeping the deployment out is a 429 cooldown. */
  public synchronized boolean onlyCooling() {
    Instant now = clock.instant();
    refresh(now);
    return state == HealthState.HEALTHY && coolingUntil != null && now.isBefore(coolingUntil);
  }

  /** When this deployment could take traffic again, for choosing the least bad one in panic. */
  public synchronized Instant availableAt() {
    Instant now = clock.instant();
    refresh(now);
    Instant at = now;
    if (coolingUntil != null && coolingUntil.isAfter(at)) {
      at = coolingUntil;
    }
    if (state == HealthState.EJECTED && ejectedUntil != null && ejectedUntil.isAfter(at)) {
      at = ejectedUntil;
    }
    return state == HealthState.UNHEALTHY ? Instant.MAX : at;
  }

  /**
   * Claims an attempt. Outside panic it succeeds only when {@link #available()}; a half-open deployment gives
   * out its single trial. In panic ({@code force}) it always succeeds.
   */
  public synchronized boolean acquire(boolean force) {
    Instant now = clock.instant();
    refresh(now);
    boolean ok = force || switch (state) {
      case HEALTHY -> coolingUntil == null || !now.isBefore(coolingUntil);
      case HALF_OPEN -> !trialInFlight;
      default -> false;
    };
    if (ok) {
      if (state == HealthState.HALF_OPEN) {
        trialInFlight = true;
      }
      inFlight++;
    }
    return ok;
  }

  /** The attempt claimed by {@link #acquire} answered (for a stream: its first token arrived). */
  public synchronized void succeeded(long latencyMs) {
    Instant now = clock.instant();
    successes++;
    consecutiveFailures = 0;
    recordLatency(latencyMs);
    if (state == HealthState.HALF_OPEN) {
      trialInFlight = false;
      enter(HealthState.HEALTHY, now);
    } else if (state == HealthState.HEALTHY && ejectionLevel > 0 && ejectedUntil != null
        && Duration.between(ejectedUntil, now).toMillis() > passive.maxEjectionMs()) {
      ejectionLevel = 0;
    }
  }

  /** The attempt claimed by {@link #acquire} failed. */
  public synchronized void failed(Failure failure) {
    Instant now = clock.instant();
    if (failure.reason().isCallerFault()) {
      if (state == HealthState.HALF_OPEN) {
        trialInFlight = false;
      }
      return;
    }
    lastReason = failure.reason();
    lastError = failure.message();
    if (failure.reason() == FailureClass.RATE_LIMITED) {
      long wait = failure.retryAfterMs() >= 0 ? failure.retryAfterMs() : DEFAULT_COOLDOWN_MS;
      coolingUntil = now.plusMillis(wait);
      if (state == HealthState.HALF_OPEN) {
        trialInFlight = false;
      }
      return;
    }
    failures++;
    consecutiveFailures++;
    if (state == HealthState.HALF_OPEN || consecutiveFailures >= passive.consecutiveFailures()) {
      eject(now);
    } else if (state == HealthState.HEALTHY) {
      since = now;
    }
  }

  /**
   * The attempt claimed by {@link #acquire} is over (answered, failed, or abandoned by its client): called
   * exactly once per acquire, after any outcome. A trial that ended without an outcome can be given again.
   */
  public synchronized void release() {
    inFlight = Math.max(0, inFlight - 1);
    if (state == HealthState.HALF_OPEN) {
      trialInFlight = false;
    }
  }

  /**
   * An active health check passed. An unhealthy deployment is healthy again after {@code healthy_threshold}
   * passes in a row; an ejected one is let out early into half-open, so its next request is the trial that
   * decides (recovery within one check interval, without flapping on a deployment whose probe passes while its
   * real traffic fails).
   */
  public synchronized void probePassed() {
    activeFailures = 0;
    activePasses++;
    Instant now = clock.instant();
    refresh(now);
    if (state == HealthState.UNHEALTHY && activePasses >= active.healthyThreshold()) {
      consecutiveFailures = 0;
      enter(HealthState.HEALTHY, now);
    } else if (state == HealthState.EJECTED) {
      trialInFlight = false;
      enter(HealthState.HALF_OPEN, now);
    }
  }

  /** An active health check failed. */
  public synchronized void probeFailed(Failure failure) {
    activePasses = 0;
    activeFailures++;
    lastReason = failure.reason() == FailureClass.CALLER_ERROR ? FailureClass.HEALTH_CHECK_FAILED : failure.reason();
    lastError = "health check: " + failure.message();
    if (activeFailures >= active.unhealthyThreshold() && state != HealthState.UNHEALTHY) {
      enter(HealthState.UNHEALTHY, clock.instant());
    }
  }

  public synchronized HealthSnapshot snapshot() {
    refresh(clock.instant());
    long[] window = Arrays.copyOf(latencies, Math.min(latencyCount, LATENCY_WINDOW));
    Arrays.sort(window);
    return new HealthSnapshot(state, lastReason == null ? null : lastReason.wireName(), lastError, since,
        coolingUntil != null && coolingUntil.isAfter(clock.instant()) ? coolingUntil : null,
        state == HealthState.EJECTED ? ejectedUntil : null, inFlight, successes, failures, ejections,
        percentile(window, 0.50), percentile(window, 0.99), ewmaMs < 0 ? -1 : Math.round(ewmaMs));
  }

  public synchronized int inFlight() {
    return inFlight;
  }

  /** The latency EWMA in milliseconds, or -1 before the first success. */
  public synchronized double latencyEwmaMs() {
    return ewmaMs;
  }

  private void eject(Instant now) {
    long duration = Math.min(passive.maxEjectionMs(), passive.baseEjectionMs() << Math.min(ejectionLevel, 30));
    ejectionLevel++;
    ejections++;
    ejectedUntil = now.plusMillis(duration);
    trialInFlight = false;
    consecutiveFailures = 0;
    enter(HealthState.EJECTED, now);
  }

  private void refresh(Instant now) {
    if (state == HealthState.EJECTED && !now.isBefore(ejectedUntil)) {
      enter(HealthState.HALF_OPEN, now);
    }
  }

  private void enter(HealthState next, Instant now) {
    if (state != next) {
      state = next;
      since = now;
    }
  }

  private void recordLatency(long ms) {
    latencies[latencyCount % LATENCY_WINDOW] = ms;
    latencyCount++;
    ewmaMs = ewmaMs < 0 ? ms : EWMA_WEIGHT * ms + (1 - EWMA_WEIGHT) * ewmaMs;
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
