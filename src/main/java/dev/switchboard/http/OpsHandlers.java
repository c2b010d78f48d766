package dev.switchboard.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.Json;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.store.Database;
import dev.switchboard.tenant.Tenant;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** {@code /healthz}, {@code /readyz}, {@code /metrics} and {@code GET /v1/models}. */
final class OpsHandlers {
  private final Supplier<Snapshot> snapshot;
  private final GatewayMetrics metrics;
  private final Database database;
  private final AtomicBoolean draining;

  OpsHandlers(Supplier<Snapshot> snapshot, GatewayMetrics metrics, Database database, AtomicBoolean draining) {
    this.snapshot = snapshot;
    this.metrics = metrics;
    this.database = database;
    this.draining = draining;
  }

  void healthz(RoutingContext ctx) {
    json(ctx, 200, Json.MAPPER.createObjectNode().put("status", "ok"));
  }

  void readyz(RoutingContext ctx) {
    if (draining.get()) {
      json(ctx, 503, Json.MAPPER.createObjectNode().put("status", "draining"));
      return;
    }
    if (snapshot.get() == null) {
      json(ctx, 503, Json.MAPPER.createObjectNode().put("status", "not_ready").put("reason", "no configuration loaded"));
      return;
    }
    database.ping().onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, 200, Json.MAPPER.createObjectNode().put("status", "ready"));
      } else {
        json(ctx, 503, Json.MAPPER.createObjectNode().put("status", "not_ready").put("reason", ar.cause().getMessage()));
      }
    });
  }

  void metrics(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
  }

  void models(RoutingContext ctx) {
    Tenant tenant = ApiAuth.tenant(ctx);
    ObjectNode root = Json.MAPPER.createObjectNode().put("object", "list");
    ArrayNode data = root.putArray("data");
    snapshot.get().router().modelNames().stream().sorted().filter(tenant::allows).forEach(name ->
        data.addObject().put("id", name).put("object", "model").put("created", 0).put("owned_by", "switchboard"));
    json(ctx, 200, root);
  }

  private static void json(RoutingContext ctx, int status, ObjectNode body) {
    if (!ctx.response().ended() && !ctx.response().closed()) {
      ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
    }
  }
}
