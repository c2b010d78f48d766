package dev.switchboard.http;

import dev.switchboard.metrics.GatewayMetrics;
import io.opentelemetry.api.trace.StatusCode;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per request at the end of its response (logger {@code switchboard.access}): request id, tenant,
 * model, provider, status, latency and tokens. Never a key or a header value.
 */
final class AccessLog {
  private static final Logger LOG = LoggerFactory.getLogger("switchboard.access");
  /** nginx's status for a request whose client went away before the answer was complete. */
  static final int CLIENT_CLOSED = 499;

  private final GatewayMetrics metrics;

  AccessLog(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  void install(RoutingContext ctx, RequestLog log) {
    ctx.addEndHandler(ar -> finished(ctx, log, ar.succeeded()));
  }

  private void finished(RoutingContext ctx, RequestLog log, boolean completed) {
    long nanos = System.nanoTime() - log.startNanos;
    int status = completed ? ctx.response().getStatusCode() : CLIENT_CLOSED;
    endSpan(log, status);
    String path = ctx.request().path();
    if (path.startsWith("/v1/")) {
      metrics.request(log.knownModel ? log.model : "unknown", log.provider == null ? "none" : log.provider,
          status, nanos);
      if (log.cache != null) {
        metrics.cache(log.knownModel ? log.model : "unknown", log.cache);
      }
      if (log.overheadNanos >= 0) {
        metrics.overhead(log.overheadNanos);
      }
      if (log.firstTokenNanos >= 0 && log.knownModel) {
        metrics.timeToFirstToken(log.model, log.firstTokenNanos);
      }
    }
    if (path.equals("/metrics") || path.equals("/healthz") || path.equals("/readyz")) {
      return;
    }
    LoggingEventBuilder line = LOG.atInfo()
        .addKeyValue("request_id", log.requestId)
        .addKeyValue("method", ctx.request().method().name())
        .addKeyValue("path", path)
        .addKeyValue("status", status)
        .addKeyValue("latency_ms", TimeUnit.NANOSECONDS.toMillis(nanos));
    add(line, "trace_id", log.traceId);
    add(line, "tenant", log.tenant);
    add(line, "key_id", log.keyId);
    add(line, "model", log.model);
    add(line, "provider", log.provider);
    add(line, "deployment", log.deployment);
    if (log.attempts > 0) {
      line.addKeyValue("attempts", log.attempts);
    }
    if (log.model != null) {
      line.addKeyValue("stream", log.stream);
    }
    if (log.prompt != null) {
      line.addKeyValue("prompt", log.prompt).addKeyValue("prompt_version", log.promptVersion);
    }
    if (log.usage != null) {
      line.addKeyValue("prompt_tokens", log.usage.promptTokens())
          .addKeyValue("completion_tokens", log.usage.completionTokens());
    }
    add(line, "outcome", completed ? log.outcome : "client_closed");
    line.log("request");
  }

  private static void endSpan(RequestLog log, int status) {
    if (log.span == null) {
      return;
    }
    log.span.setAttribute("http.response.status_code", status);
    if (log.model != null) {
      log.span.setAttribute("switchboard.model", log.model);
    }
    if (log.tenant != null) {
      log.span.setAttribute("switchboard.tenant", log.tenant);
    }
    if (log.deployment != null) {
      log.span.setAttribute("switchboard.deployment", log.deployment);
    }
    if (status >= 500) {
      log.span.setStatus(StatusCode.ERROR);
    }
    log.span.end();
  }

  private static void add(LoggingEventBuilder line, String key, String value) {
    if (value != null) {
      line.addKeyValue(key, value);
    }
  }
}
