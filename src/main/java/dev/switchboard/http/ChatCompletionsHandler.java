package dev.switchboard.http;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatRequestParser;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Usage;
import dev.switchboard.routing.ModelGroup;
import dev.switchboard.routing.ModelRouter;
import dev.switchboard.routing.Routed;
import dev.switchboard.tenant.Tenant;
import dev.switchboard.usage.UsageEvent;
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

  ChatCompletionsHandler(Supplier<Snapshot> snapshot, Admission admission, Billing billing) {
    this.snapshot = snapshot;
    this.admission = admission;
    this.billing = billing;
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
      router.stream(request, group, writer).onFailure(error -> {
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
    router.complete(request, group).onSuccess(done -> respond(ctx, log, request, done))
        .onFailure(error -> billing.recordFailure(log, error).onComplete(v -> ctx.fail(error)));
  }

  private void respond(RoutingContext ctx, RequestLog log, ChatRequest request, Routed<ChatResponse> done) {
    Usage usage = done.value().usage();
    log.usage = usage;
    String status = ctx.response().closed() ? UsageEvent.CLIENT_CLOSED : UsageEvent.OK;
    billing.record(log, done.target(), done.attempts(), usage, status).onSuccess(cost ->
        JsonAnswers.send(ctx, log, done, cost, done.value().withModel(request.model())
            .withUsage(Billing.withCost(usage, cost))));
  }
}
