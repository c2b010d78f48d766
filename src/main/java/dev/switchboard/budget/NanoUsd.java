package dev.switchboard.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Exact money as whole nano-dollars (1e-9 USD) in a {@code long}: the unit budget counters use. Costs and
 * estimates are rounded up (a counter never under-counts a spend), budgets are rounded down (never allow more
 * than the budget). A long holds up to about 9.2 billion USD.
 */
public final class NanoUsd {
  private static final int SCALE = 9;

  private NanoUsd() {}

  /** {@code usd} in nano-dollars, rounded up. */
  public static long ceil(BigDecimal usd) {
    return usd.setScale(SCALE, RoundingMode.CEILING).unscaledValue().longValueExact();
  }

  /** {@code usd} in nano-dollars, rounded down. */
  public static long floor(BigDecimal usd) {
    return usd.setScale(SCALE, RoundingMode.FLOOR).unscaledValue().longValueExact();
  }

  /** Nano-dollars as USD, exactly. */
  public static BigDecimal usd(long nanos) {
    return BigDecimal.valueOf(nanos, SCALE);
  }
}
