package dev.switchboard.http;

import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingRequestParser;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.api.GatewayError;
import dev.switchboard.routing.ModelGroup;
import dev.switchboard.routing.ModelRouter;
import dev.switchboard.tenant.Tenant;
import dev.switchboard.usage.UsageEvent;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/** {@code POST /v1/embeddings}: routed like chat, to deployments whose backend serves embeddings. */
final class EmbeddingsHandler {
  private final Supplier<Snapshot> snapshot;
  private final Admission admission;
  private final Billing billing;

  EmbeddingsHandler(Supplier<Snapshot> snapshot, Admission admission, Billing billing) {
    this.snapshot = snapshot;
    this.admission = admission;
    this.billing = billing;
  }

  void handle(RoutingContext ctx) {
    RequestLog log = RequestLog.of(ctx);
    EmbeddingRequest request = EmbeddingRequestParser.parse(ctx.body().buffer() == null ? null
        : ctx.body().buffer().getBytes());
    log.model = request.model();
    ModelRouter router = snapshot.get().router();
    ModelGroup group = router.group(request.model()).orElseThrow(() -> GatewayError.modelNotFound(request.model()));
    log.knownModel = true;
    Tenant tenant = ApiAuth.tenant(ctx);
    if (!tenant.allows(request.model())) {
      throw GatewayError.modelNotAllowed(request.model());
    }
    admission.embeddings(ctx, tenant, request, group).compose(admitted -> router.embed(request, group,
        TraceContext.of(ctx.request(), log)))
        .onSuccess(done -> {
          EmbeddingResponse answer = done.value();
          log.usage = answer.usage();
          String status = ctx.response().closed() ? UsageEvent.CLIENT_CLOSED : UsageEvent.OK;
          billing.record(log, done.target(), done.attempts(), answer.usage(), status).onSuccess(cost ->
              JsonAnswers.send(ctx, log, done, cost, new EmbeddingResponse(answer.object(), answer.data(),
                  request.model(), Billing.withCost(answer.usage(), cost), answer.extra())));
        }).onFailure(error -> billing.recordFailure(log, error).onComplete(v -> ctx.fail(error)));
  }
}
