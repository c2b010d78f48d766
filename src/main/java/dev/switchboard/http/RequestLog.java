package dev.switchboard.http;

import dev.switchboard.api.Usage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.math.BigDecimal;
import dev.switchboard.routing.Target;
import io.vertx.ext.web.RoutingContext;

/** What one request did, filled in as it goes, for the access log line and the metrics. Event-loop confined. */
final class RequestLog {
  private static final String KEY = "switchboard.requestLog";

  final String requestId;
  /** Unique per request even when a client reuses an {@code x-request-id}: the ledger's event ids start with it. */
  final String ledgerId;
  final long startNanos = System.nanoTime();
  String tenant;
  String keyId;
  String model;
  boolean knownModel;
  String provider;
  String deployment;
  int attempts;
  boolean stream;
  Usage usage;
  /** What the request cost, as billed (summed when it took several billed calls); null before billing. */
  BigDecimal costUsd;
  String outcome;
  /** For a prompt call: the prompt's name and version. */
  String prompt;
  int promptVersion;

  private RequestLog(String requestId, String ledgerId) {
    this.requestId = requestId;
    this.ledgerId = ledgerId;
  }

  static RequestLog start(RoutingContext ctx, String requestId, String ledgerId) {
    RequestLog log = new RequestLog(requestId, ledgerId);
    ctx.put(KEY, log);
    return log;
  }

  static RequestLog of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /** {@code name@version} of the prompt called, or null for other requests. */
  String promptTag() {
    return prompt == null ? null : prompt + "@" + promptVersion;
  }

  /** The W3C trace id the request belongs to (the caller's, or a new one). */
  String traceId;
  /** With tracing on: the request's server span (ended with the response) and the tracer its attempts use. */
  Span span;
  Tracer tracer;

  /** {@code hit} or {@code miss} when the response cache took part, else null. */
  String cache;

  /** For a stream: nanoseconds from the request to the committed head (its first token), or -1. */
  long firstTokenNanos = -1;

  /** Nanoseconds spent in the gateway until the answer's head, or -1 before it is known. */
  long overheadNanos = -1;

  /** Notes the gateway's own time so far (the latency minus {@code upstreamNanos}) and returns it as a header value. */
  String overhead(long upstreamNanos) {
    overheadNanos = Math.max(0, System.nanoTime() - startNanos - upstreamNanos);
    return millis(overheadNanos);
  }

  /** Nanoseconds as milliseconds with three decimals ({@code 1234567} → {@code "1.235"}), without a formatter. */
  static String millis(long nanos) {
    long micros = (nanos + 500) / 1000;
    String fraction = Long.toString(micros % 1000);
    return micros / 1000 + (fraction.length() == 1 ? ".00" : fraction.length() == 2 ? ".0" : ".") + fraction;
  }

  void served(Target target, int attemptCount) {
    provider = target.provider().name();
    deployment = target.deployment().id();
    attempts = attemptCount;
  }
}
