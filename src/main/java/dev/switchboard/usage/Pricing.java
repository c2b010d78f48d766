package dev.switchboard.usage;

import dev.switchboard.provider.Deployment;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Exact cost of token counts at a deployment's prices ({@link Prices}: the deployment's override wins per field
 * over the catalog). Every cost is a {@link BigDecimal} in USD with {@value #SCALE} decimal places: the exact
 * product of tokens and per-million prices, rounded half-up once per event only when a price has more than
 * four decimals per million tokens. Sums over events are never rounded.
 *
 * <p>Cache reads are priced at {@code cached_input_per_mtok} and cache writes at {@code cache_write_per_mtok};
 * when the catalog lists no such price the provider offers no discount for it, so those tokens cost the input
 * price. Reasoning tokens cost {@code reasoning_per_mtok} where given, else the output price. When a kind of
 * token that was used has no price at all (no input or output price known), the cost is 0 and marked unpriced:
 * never a guess.
 */
public final class Pricing {
  /** Decimal places of every cost (1e-10 USD). */
  public static final int SCALE = 10;
  private static final BigDecimal MTOK = BigDecimal.valueOf(1_000_000);

  /** A cost and whether every token in it had a known price. */
  public record Cost(BigDecimal usd, boolean priced) {
    /** Zero, because a price was unknown. */
    public static final Cost UNPRICED = new Cost(BigDecimal.ZERO.setScale(SCALE), false);
  }

  private Pricing() {}

  /** The exact cost of {@code tokens} at {@code deployment}. */
  public static Cost cost(TokenCounts tokens, Deployment deployment) {
    Prices p = Prices.of(deployment);
    BigDecimal cached = p.cachedInput() != null ? p.cachedInput() : p.input();
    BigDecimal cacheWrite = p.cacheWrite() != null ? p.cacheWrite() : p.input();
    BigDecimal reasoning = p.reasoning() != null ? p.reasoning() : p.output();
    BigDecimal sum = BigDecimal.ZERO;
    long[] counts = {tokens.uncachedPrompt(), tokens.cached(), tokens.cacheWrite(), tokens.visibleCompletion(),
        tokens.reasoning()};
    BigDecimal[] prices = {p.input(), cached, cacheWrite, p.output(), reasoning};
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        continue;
      }
      if (prices[i] == null) {
        return Cost.UNPRICED;
      }
      sum = sum.add(prices[i].multiply(BigDecimal.valueOf(counts[i])));
    }
    return new Cost(sum.divide(MTOK).setScale(SCALE, RoundingMode.HALF_UP), true);
  }

  /**
   * An upper estimate of a request's cost before it runs: every prompt token at the input price and
   * {@code maxOutputTokens} at the higher of the output and reasoning prices. Unknown prices count as 0.
   */
  public static BigDecimal estimate(Deployment deployment, long promptTokens, long maxOutputTokens) {
    Prices p = Prices.of(deployment);
    BigDecimal output = p.output();
    if (p.reasoning() != null && (output == null || p.reasoning().compareTo(output) > 0)) {
      output = p.reasoning();
    }
    BigDecimal sum = BigDecimal.ZERO;
    if (p.input() != null) {
      sum = sum.add(p.input().multiply(BigDecimal.valueOf(Math.max(0, promptTokens))));
    }
    if (output != null) {
      sum = sum.add(output.multiply(BigDecimal.valueOf(Math.max(0, maxOutputTokens))));
    }
    return sum.divide(MTOK).setScale(SCALE, RoundingMode.UP);
  }

  /** A cost as a plain decimal string without trailing zeros ({@code "0.0000125"}, {@code "0"}). */
  public static String format(BigDecimal usd) {
    return usd.signum() == 0 ? "0" : usd.stripTrailingZeros().toPlainString();
  }
}
