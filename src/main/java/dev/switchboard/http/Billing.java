package dev.switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.api.Usage;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.routing.Target;
import dev.switchboard.usage.Pricing;
import dev.switchboard.usage.TokenCounts;
import dev.switchboard.usage.UsageEvent;
import dev.switchboard.usage.UsageLedger;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prices what a request used at the deployment that served it and records the event in the usage ledger. */
final class Billing {
  private final UsageLedger ledger;
  private final GatewayMetrics metrics;

  Billing(UsageLedger ledger, GatewayMetrics metrics) {
    this.metrics = metrics;
    this.ledger = ledger;
  }

  /**
   * Records the usage of the attempt {@code attempt} that {@code target} served; the future completes (never
   * fails) with the cost once the event is in the journal, so the caller finishes the response only then.
   */
  Future<Pricing.Cost> record(RequestLog log, Target target, int attempt, Usage usage, String status) {
    TokenCounts tokens = TokenCounts.of(usage);
    Pricing.Cost cost = Pricing.cost(tokens, target.deployment());
    UsageEvent event = UsageEvent.of(UsageEvent.id(log.ledgerId, attempt), log.requestId, System.currentTimeMillis(),
        new UsageEvent.Who(log.tenant, log.keyId, log.model, log.promptTag()),
        new UsageEvent.Where(target.provider().name(), target.deployment().id(), target.deployment().model()),
        tokens, cost, status, log.stream, (System.nanoTime() - log.startNanos) / 1_000_000);
    log.costUsd = log.costUsd == null ? cost.usd() : log.costUsd.add(cost.usd());
    metrics.usage(log.tenant, log.model, tokens.prompt(), tokens.completion(), cost.usd());
    return ledger.record(event).map(cost);
  }

  /**
   * Records a request that reached an upstream but got no answer (every attempt failed) as a zero-cost
   * {@code error} event at the last deployment tried, numbered by the attempts made; other failures (refused
   * before any upstream call) record nothing. Completes, never failing, once the event is journaled.
   */
  Future<Void> recordFailure(RequestLog log, Throwable failure) {
    if (!(failure instanceof GatewayError error) || !(error.details().get("upstreams") instanceof List<?> upstreams)) {
      return Future.succeededFuture();
    }
    int attempts = 0;
    Map<?, ?> last = null;
    for (Object entry : upstreams) {
      if (entry instanceof Map<?, ?> tried && tried.get("attempts") instanceof Integer n && n > 0) {
        attempts += n;
        last = tried;
      }
    }
    if (last == null) {
      return Future.succeededFuture();
    }
    UsageEvent event = UsageEvent.of(UsageEvent.id(log.ledgerId, attempts), log.requestId, System.currentTimeMillis(),
        new UsageEvent.Who(log.tenant, log.keyId, log.model, log.promptTag()),
        new UsageEvent.Where(String.valueOf(last.get("provider")), String.valueOf(last.get("deployment")), null),
        TokenCounts.NONE, new Pricing.Cost(BigDecimal.ZERO.setScale(Pricing.SCALE), true), UsageEvent.ERROR,
        log.stream, (System.nanoTime() - log.startNanos) / 1_000_000);
    return ledger.record(event);
  }

  /** Records an answer served from the response cache: zero cost, the cached answer's tokens, no deployment. */
  Future<Pricing.Cost> recordCacheHit(RequestLog log, Usage usage) {
    Pricing.Cost zero = new Pricing.Cost(BigDecimal.ZERO.setScale(Pricing.SCALE), true);
    log.costUsd = BigDecimal.ZERO;
    UsageEvent event = UsageEvent.of(UsageEvent.id(log.ledgerId, 0), log.requestId, System.currentTimeMillis(),
        new UsageEvent.Who(log.tenant, log.keyId, log.model, log.promptTag()), new UsageEvent.Where("cache", null, null),
        TokenCounts.of(usage), zero, UsageEvent.CACHE_HIT, false, (System.nanoTime() - log.startNanos) / 1_000_000);
    return ledger.record(event).map(zero);
  }

  /** A copy of {@code usage} with the extension field {@code cost_usd}, an exact decimal number. */
  static Usage withCost(Usage usage, Pricing.Cost cost) {
    Usage base = usage == null ? Usage.of(0, 0) : usage;
    Map<String, JsonNode> extra = new LinkedHashMap<>(base.extra());
    extra.put("cost_usd", Json.MAPPER.getNodeFactory().rawValueNode(new RawValue(Pricing.format(cost.usd()))));
    return new Usage(base.promptTokens(), base.completionTokens(), base.totalTokens(), extra);
  }
}
