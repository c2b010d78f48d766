package dev.switchboard.http;

import dev.switchboard.api.Json;
import dev.switchboard.routing.Routed;
import dev.switchboard.usage.Pricing;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Writes a successful routed answer as JSON with the gateway's routing and cost headers. */
final class JsonAnswers {
  private JsonAnswers() {}

  static void send(RoutingContext ctx, RequestLog log, Routed<?> routed, Pricing.Cost cost, Object body) {
    log.served(routed.target(), routed.attempts());
    log.outcome = "ok";
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (Exception e) {
      ctx.fail(e);
      return;
    }
    ctx.response().putHeader("content-type", "application/json")
        .putHeader(Headers.PROVIDER, log.provider)
        .putHeader(Headers.DEPLOYMENT, log.deployment)
        .putHeader(Headers.ATTEMPTS, String.valueOf(routed.attempts()))
        .putHeader(Headers.COST, Pricing.format(cost.usd()))
        .putHeader(Headers.OVERHEAD, log.overhead(routed.upstreamNanos()))
        .end(Buffer.buffer(bytes));
  }
}
