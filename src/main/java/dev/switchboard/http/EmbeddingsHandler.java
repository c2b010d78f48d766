package dev.switchboard.http;

import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingRequestParser;
import dev.switchboard.api.GatewayError;
import dev.switchboard.routing.ModelGroup;
import dev.switchboard.routing.ModelRouter;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/** {@code POST /v1/embeddings}: routed like chat, to deployments whose backend serves embeddings. */
final class EmbeddingsHandler {
  private final Supplier<Snapshot> snapshot;

  EmbeddingsHandler(Supplier<Snapshot> snapshot) {
    this.snapshot = snapshot;
  }

  void handle(RoutingContext ctx) {
    RequestLog log = RequestLog.of(ctx);
    EmbeddingRequest request = EmbeddingRequestParser.parse(ctx.body().buffer() == null ? null
        : ctx.body().buffer().getBytes());
    log.model = request.model();
    ModelRouter router = snapshot.get().router();
    ModelGroup group = router.group(request.model()).orElseThrow(() -> GatewayError.modelNotFound(request.model()));
    log.knownModel = true;
    if (!ApiAuth.tenant(ctx).allows(request.model())) {
      throw GatewayError.modelNotAllowed(request.model());
    }
    router.embed(request, group).onSuccess(done -> {
      log.usage = done.value().usage();
      JsonAnswers.send(ctx, log, done, done.value().withModel(request.model()));
    }).onFailure(ctx::fail);
  }
}
