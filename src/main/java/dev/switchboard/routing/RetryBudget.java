package dev.switchboard.routing;

import dev.switchboard.config.RoutingConfig;
import java.time.Clock;

/**
 * Caps retries so that an outage cannot multiply the load on upstreams (Finagle's and Envoy's retry
 * budget): every request earns {@code budget_ratio} of a retry (banked up to a bound), and
 * {@code budget_min_per_second} retries are always allowed each second. Thread-safe; one per router.
 */
final class RetryBudget {
  private static final double MAX_BANKED = 1_000;

  private final RoutingConfig.Retry config;
  private final Clock clock;
  private double banked;
  private long floorSecond = -1;
  private int floorUsed;

  RetryBudget(RoutingConfig.Retry config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** A request started: it earns a share of a retry. */
  synchronized void deposit() {
    banked = Math.min(MAX_BANKED, banked + config.budgetRatio());
  }

  /** True (and the retry is spent) when the budget allows one more retry now. */
  synchronized boolean tryRetry() {
    long second = clock.millis() / 1000;
    if (second != floorSecond) {
      floorSecond = second;
      floorUsed = 0;
    }
    if (floorUsed < config.budgetMinPerSecond()) {
      floorUsed++;
      return true;
    }
    if (banked >= 1) {
      banked -= 1;
      return true;
    }
    return false;
  }
}
