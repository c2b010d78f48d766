package dev.switchboard.http;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatRequestParser;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.api.Usage;
import dev.switchboard.cache.CacheKeys;
import dev.switchboard.cache.CachePolicy;
import dev.switchboard.cache.ResponseCache;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ModelGroupConfig;
import dev.switchboard.routing.ModelGroup;
import dev.switchboard.routing.ModelRouter;
import dev.switchboard.routing.Routed;
import dev.switchboard.tenant.Tenant;
import dev.switchboard.usage.Pricing;
import dev.switchboard.usage.UsageEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * {@code POST /v1/chat/completions}: parse, check the model and the tenant's right to it, admit (rate limits,
 * budget), route, bill, answer.
 */
final class ChatCompletionsHandler {
  private final Supplier<Snapshot> snapshot;
  private final Admission admission;
  private final Billing billing;
  private final ResponseCache cache;

  /** {@code cache} is null when the response cache is off ({@code cache.max_bytes: 0} and no shared cache). */
  ChatCompletionsHandler(Supplier<Snapshot> snapshot, Admission admission, Billing billing, ResponseCache cache) {
    this.snapshot = snapshot;
    this.admission = admission;
    this.billing = billing;
    this.cache = cache;
  }

  void handle(RoutingContext ctx) {
    RequestLog log = RequestLog.of(ctx);
    ChatRequest request = ChatRequestParser.parse(ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes());
    log.model = request.model();
    log.stream = request.streaming();
    ModelRouter router = snapshot.get().router();
    ModelGroup group = router.group(request.model()).orElseThrow(() -> GatewayError.modelNotFound(request.model()));
    log.knownModel = true;
    Tenant tenant = ApiAuth.tenant(ctx);
    if (!tenant.allows(request.model())) {
      throw GatewayError.modelNotAllowed(request.model());
    }
    admission.chat(ctx, tenant, request, group).onSuccess(admitted -> route(ctx, log, request, router, group))
        .onFailure(ctx::fail);
  }

  private void route(RoutingContext ctx, RequestLog log, ChatRequest request, ModelRouter router, ModelGroup group) {
    if (request.streaming()) {
      ChunkJson chunks = new ChunkJson("chatcmpl-" + log.requestId, System.currentTimeMillis() / 1000, request.model());
      SseStreamWriter writer = new SseStreamWriter(ctx.response(), chunks, request.wantsStreamUsage(), log, billing);
      router.stream(request, group, writer, TraceContext.of(ctx.request(), log)).onFailure(error -> {
        if (!ctx.response().headWritten()) {
          billing.recordFailure(log, error).onComplete(v -> {
            if (!ctx.response().closed()) {
              ctx.fail(error);
            }
          });
        }
      });
      return;
    }
    GatewayConfig config = snapshot.get().config();
    ModelGroupConfig groupConfig = config.models().get(group.name());
    long ttl = cache == null ? 0 : CachePolicy.ttlMs(config.cache(), request,
        groupConfig == null ? 0 : groupConfig.cacheTtlMs(), ctx.request().getHeader("cache-control"));
    if (ttl <= 0) {
      complete(ctx, log, request, router, group, null, 0);
      return;
    }
    String key = CacheKeys.of(log.tenant, request);
    cache.get(key).onSuccess(hit -> {
      if (hit.isPresent()) {
        fromCache(ctx, log, request, hit.get());
      } else {
        complete(ctx, log, request, router, group, key, ttl);
      }
    }).onFailure(ctx::fail);
  }

  private void complete(RoutingContext ctx, RequestLog log, ChatRequest request, ModelRouter router, ModelGroup group,
                        String cacheKey, long ttlMs) {
    router.complete(request, group, TraceContext.of(ctx.request(), log))
        .onSuccess(done -> respond(ctx, log, request, done, cacheKey, ttlMs))
        .onFailure(error -> billing.recordFailure(log, error).onComplete(v -> ctx.fail(error)));
  }

  private void respond(RoutingContext ctx, RequestLog log, ChatRequest request, Routed<ChatResponse> done,
                       String cacheKey, long ttlMs) {
    Usage usage = done.value().usage();
    log.usage = usage;
    ChatResponse answer = done.value().withModel(request.model());
    if (cacheKey != null) {
      cache.put(cacheKey, Buffer.buffer(Json.MAPPER.valueToTree(answer).toString()), ttlMs);
      ctx.response().putHeader(Headers.CACHE, "miss");
      log.cache = "miss";
    }
    String status = ctx.response().closed() ? UsageEvent.CLIENT_CLOSED : UsageEvent.OK;
    billing.record(log, done.target(), done.attempts(), usage, status).onSuccess(cost ->
        JsonAnswers.send(ctx, log, done, cost, answer.withUsage(Billing.withCost(usage, cost))));
  }

  /** Answers from the cache: the stored answer, no upstream call, billed at zero. */
  private void fromCache(RoutingContext ctx, RequestLog log, ChatRequest request, Buffer stored) {
    ChatResponse answer;
    try {
      answer = Json.MAPPER.readValue(stored.getBytes(), ChatResponse.class).withModel(request.model());
    } catch (java.io.IOException unreadable) {
      ctx.fail(unreadable);
      return;
    }
    Usage usage = answer.usage();
    log.usage = usage;
    log.outcome = "cache_hit";
    log.cache = "hit";
    billing.recordCacheHit(log, usage).onSuccess(cost -> ctx.response().putHeader("content-type", "application/json")
        .putHeader(Headers.CACHE, "hit")
        .putHeader(Headers.ATTEMPTS, "0")
        .putHeader(Headers.COST, Pricing.format(cost.usd()))
        .putHeader(Headers.OVERHEAD, log.overhead(0))
        .end(Json.MAPPER.valueToTree(answer.withUsage(Billing.withCost(usage, cost))).toString()));
  }
}
