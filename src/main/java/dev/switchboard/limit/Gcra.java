package dev.switchboard.limit;

/**
 * The generic cell rate algorithm over a one-minute window, in microseconds. A limit of {@code L} per minute
 * spaces units {@code 60 s / L} apart and tolerates a burst of the whole minute: the state is one number, the
 * theoretical arrival time (TAT). A request of {@code n} units is allowed when {@code max(TAT, now) + n·T - now
 * <= 60 s}; it then becomes the new TAT. When refused, it would be allowed {@code max(TAT, now) + n·T - 60 s -
 * now} later — an exact retry-after. The Redis script implements the same arithmetic.
 */
final class Gcra {
  static final long WINDOW_US = 60_000_000L;

  private Gcra() {}

  /** The time {@code units} occupy under a per-minute {@code limit}; a request never costs more than the window. */
  static long cost(long units, long limit) {
    long capped = Math.min(Math.max(units, 0), limit);
    return capped * WINDOW_US / limit; // capped <= limit <= 1e10, so the product stays below 2^63
  }

  /** Microseconds until a request costing {@code cost} fits, 0 when it fits now. */
  static long waitUs(long tat, long now, long cost) {
    long after = Math.max(tat, now) + cost;
    return Math.max(0, after - now - WINDOW_US);
  }

  /** The TAT after admitting a request costing {@code cost}. */
  static long admit(long tat, long now, long cost) {
    return Math.max(tat, now) + cost;
  }

  /** The TAT after correcting an admitted request by {@code deltaCost} (negative: a refund, never before now). */
  static long adjust(long tat, long now, long deltaCost) {
    return Math.max(Math.max(tat, now) + deltaCost, now);
  }

  /** Whole seconds to announce in {@code retry-after}: rounded up, at least 1. */
  static long retryAfterSeconds(long waitUs) {
    return Math.max(1, (waitUs + 999_999) / 1_000_000);
  }
}
