package dev.switchboard.routing.health;

import java.util.Locale;

/** A deployment's health as the router sees it (CONTRACT section 5, {@code GET /admin/upstreams}). */
public enum HealthState {
  /** Taking traffic. */
  HEALTHY,
  /** Taken out by passive outlier detection until its ejection time ends. */
  EJECTED,
  /** Failing its active health checks; back after {@code healthy_threshold} passing checks. */
  UNHEALTHY,
  /** An ejection ended: the next request is its one trial; success makes it healthy, failure ejects it again. */
  HALF_OPEN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
