package dev.switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.api.Usage;
import dev.switchboard.budget.BudgetGuard;
import dev.switchboard.budget.BudgetMeters;
import dev.switchboard.budget.CatalogListPrice;
import dev.switchboard.budget.Reservation;
import dev.switchboard.limit.RateLimiter;
import dev.switchboard.provider.Deployment;
import dev.switchboard.routing.ModelGroup;
import dev.switchboard.routing.Target;
import dev.switchboard.tenant.Tenant;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;

/**
 * Lets a request through its tenant's rate limits and budgets before it is routed, and settles both when its
 * response ends: the token count and the budget reservation are corrected to the actual usage at the price of
 * the deployment that served it. A request that failed before any upstream answered gives its tokens and
 * its reservation back; a stream whose client left before the usage was known keeps both (the upper bound).
 */
final class Admission {
  private final RateLimiter limits;
  private final BudgetGuard budgets;
  private final BudgetMeters meters;

  Admission(RateLimiter limits, BudgetGuard budgets, BudgetMeters meters) {
    this.limits = limits;
    this.budgets = budgets;
    this.meters = meters;
  }

  /** Admits a chat completion: prompt + requested output tokens, priced at the group's dearest deployment. */
  Future<Void> chat(RoutingContext ctx, Tenant tenant, ChatRequest request, ModelGroup group) {
    if (!counts(tenant)) {
      return admit(ctx, tenant, 0, BigDecimal.ZERO);
    }
    long prompt = TokenEstimate.ofMessages(request.messages());
    int choices = request.n() == null ? 1 : Math.max(1, request.n());
    Integer output = request.outputTokenLimit() == null ? null : request.outputTokenLimit() * choices;
    long tokens = prompt + (output == null ? 0 : output);
    return admit(ctx, tenant, tokens, CatalogListPrice.chatEstimate(group, prompt, output));
  }

  /** Admits an embeddings call: its input tokens, priced at the group's dearest deployment. */
  Future<Void> embeddings(RoutingContext ctx, Tenant tenant, EmbeddingRequest request, ModelGroup group) {
    if (!counts(tenant)) {
      return admit(ctx, tenant, 0, BigDecimal.ZERO);
    }
    long tokens = request.texts().map(texts -> texts.stream().mapToLong(TokenEstimate::ofText).sum())
        .orElseGet(() -> tokenArrays(request));
    return admit(ctx, tenant, tokens, CatalogListPrice.embeddingEstimate(group, tokens));
  }

  /** Estimates are needed only for a token limit or a budget. */
  private static boolean counts(Tenant tenant) {
    return tenant.limits().tpm() > 0 || tenant.limits().hasBudget();
  }

  private Future<Void> admit(RoutingContext ctx, Tenant tenant, long tokens, BigDecimal estimateUsd) {
    return limits.acquire(tenant, tokens).compose(permit -> budgets.reserve(tenant, estimateUsd)
        .onFailure(refused -> limits.recordTokens(permit, 0))
        .map(reservation -> {
          ctx.addEndHandler(ended -> {
            settle(ctx, permit, reservation);
            meters.refresh(tenant);
          });
          return null;
        }));
  }

  /** Corrects the token count to what was used and settles the budget at the cost billed (none billed: released). */
  private void settle(RoutingContext ctx, RateLimiter.Permit permit, Reservation reservation) {
    RequestLog log = RequestLog.of(ctx);
    limits.recordTokens(permit, log.usage == null ? 0 : log.usage.totalTokens());
    if (log.costUsd != null) {
      budgets.settle(reservation, log.costUsd);
    } else {
      budgets.release(reservation);
    }
  }

  private static long tokenArrays(EmbeddingRequest request) {
    long tokens = 0;
    for (JsonNode item : request.input()) {
      tokens += item.isArray() ? item.size() : 1;
    }
    return tokens;
  }
}
