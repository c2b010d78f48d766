package dev.switchboard.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become OpenAI-shaped error responses. Never shows a stack trace. */
final class ErrorRenderer {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorRenderer.class);

  private final long maxBodyBytes;

  ErrorRenderer(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Vert.x failure handler: renders {@code ctx.failure()} or the failed status code. */
  void handle(RoutingContext ctx) {
    send(ctx, toGatewayError(ctx));
  }

  private GatewayError toGatewayError(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof GatewayError error) {
      return error;
    }
    int status = ctx.statusCode();
    if (status == 413) {
      return GatewayError.bodyTooLarge(maxBodyBytes);
    }
    if (status == 404) {
      return GatewayError.notFound(ctx.request().path());
    }
    if (status == 405) {
      return new GatewayError(405, "invalid_request_error", "method_not_allowed", null,
          ctx.request().method().name() + " is not allowed on " + ctx.request().path(), Map.of(), Map.of());
    }
    if (status == 400 && failure == null) {
      return GatewayError.invalidRequest(null, "the request could not be read");
    }
    RequestLog log = RequestLog.of(ctx);
    String requestId = log == null ? "-" : log.requestId;
    LOG.atError().setCause(failure).addKeyValue("request_id", requestId).log("unexpected failure");
    return new GatewayError(500, "api_error", "internal_error", null,
        "internal error; quote request id " + requestId + " when reporting it", Map.of(), Map.of());
  }

  static void send(RoutingContext ctx, GatewayError error) {
    HttpServerResponse response = ctx.response();
    RequestLog log = RequestLog.of(ctx);
    if (log != null) {
      log.outcome = error.code();
    }
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.end();
      return;
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    ObjectNode inner = body.putObject("error");
    inner.put("message", error.getMessage());
    inner.put("type", error.type());
    inner.put("code", error.code());
    if (error.param() == null) {
      inner.putNull("param");
    } else {
      inner.put("param", error.param());
    }
    error.details().forEach((k, v) -> body.set(k, Json.MAPPER.valueToTree(v)));
    error.headers().forEach(response::putHeader);
    if (error.status() == 401) {
      response.putHeader("www-authenticate", "Bearer");
    }
    response.setStatusCode(error.status()).putHeader("content-type", "application/json").end(body.toString());
  }
}
