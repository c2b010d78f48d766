package dev.switchboard.budget;

import dev.switchboard.routing.ModelGroup;
import dev.switchboard.routing.Target;
import dev.switchboard.usage.Pricing;
import java.math.BigDecimal;

/**
 * Cost estimates for budget reservations, at the prices the ledger bills ({@link Pricing}). The estimate before
 * a call is deliberately pessimistic — the most expensive deployment of the model group, the whole prompt and the
 * most output the request allows (its {@code max_tokens}, else the model's catalog output limit) — so that a
 * reservation bounds the real cost. The settlement uses the cost actually billed.
 */
public final class CatalogListPrice {
  /** Output assumed when neither the request nor the catalog limits it. */
  static final int DEFAULT_MAX_OUTPUT = 4096;

  private CatalogListPrice() {}

  /** The most a chat call to {@code group} can cost. */
  public static BigDecimal chatEstimate(ModelGroup group, long promptTokens, Integer maxOutputTokens) {
    BigDecimal most = BigDecimal.ZERO;
    for (Target t : group.targets()) {
      long output = maxOutputTokens != null ? maxOutputTokens : t.deployment().maxOutputTokens(DEFAULT_MAX_OUTPUT);
      most = most.max(Pricing.estimate(t.deployment(), promptTokens, output));
    }
    return most;
  }

  /** The most an embeddings call of {@code inputTokens} to {@code group} can cost. */
  public static BigDecimal embeddingEstimate(ModelGroup group, long inputTokens) {
    BigDecimal most = BigDecimal.ZERO;
    for (Target t : group.targets()) {
      most = most.max(Pricing.estimate(t.deployment(), inputTokens, 0));
    }
    return most;
  }
}
