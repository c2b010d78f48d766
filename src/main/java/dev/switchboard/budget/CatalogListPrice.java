package dev.switchboard.budget;

import dev.switchboard.api.Usage;
import dev.switchboard.provider.Deployment;
import dev.switchboard.routing.ModelGroup;
import dev.switchboard.routing.Target;
import java.math.BigDecimal;

/**
 * Costs from list prices, for budget reservations: the deployment's price override where the configuration
 * gives one, else the catalog's list price (a deployment without either costs nothing). The estimate before a
 * call is deliberately pessimistic — the most expensive deployment of the model group, the whole prompt and
 * the most output the request allows (its {@code max_tokens}, else the model's catalog output limit) — so
 * that a reservation bounds the real cost.
 */
public final class CatalogListPrice {
  /** Output assumed when neither the request nor the catalog limits it. */
  static final int DEFAULT_MAX_OUTPUT = 4096;
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private CatalogListPrice() {}

  /** The most a chat call to {@code group} can cost at list price. */
  public static BigDecimal chatEstimate(ModelGroup group, long promptTokens, Integer maxOutputTokens) {
    BigDecimal most = BigDecimal.ZERO;
    for (Target t : group.targets()) {
      Deployment d = t.deployment();
      long output = maxOutputTokens != null ? maxOutputTokens : d.maxOutputTokens(DEFAULT_MAX_OUTPUT);
      most = most.max(cost(d, promptTokens, output));
    }
    return most;
  }

  /** The most an embeddings call of {@code inputTokens} to {@code group} can cost at list price. */
  public static BigDecimal embeddingEstimate(ModelGroup group, long inputTokens) {
    BigDecimal most = BigDecimal.ZERO;
    for (Target t : group.targets()) {
      most = most.max(cost(t.deployment(), inputTokens, 0));
    }
    return most;
  }

  /** What {@code usage} costs at {@code deployment}'s list price. */
  public static BigDecimal actual(Deployment deployment, Usage usage) {
    return cost(deployment, usage.promptTokens(), usage.completionTokens());
  }

  private static BigDecimal cost(Deployment d, long inputTokens, long outputTokens) {
    return perToken(input(d), inputTokens).add(perToken(output(d), outputTokens));
  }

  private static BigDecimal perToken(BigDecimal perMillion, long tokens) {
    return perMillion == null ? BigDecimal.ZERO : perMillion.multiply(BigDecimal.valueOf(tokens)).divide(MILLION);
  }

  private static BigDecimal input(Deployment d) {
    if (d.price() != null && d.price().inputPerMtok() != null) {
      return d.price().inputPerMtok();
    }
    return d.catalog() == null ? null : d.catalog().inputPerMtok();
  }

  private static BigDecimal output(Deployment d) {
    if (d.price() != null && d.price().outputPerMtok() != null) {
      return d.price().outputPerMtok();
    }
    return d.catalog() == null ? null : d.catalog().outputPerMtok();
  }
}
