package dev.switchboard.routing;

import dev.switchboard.provider.Failure;
import dev.switchboard.provider.UpstreamRequest;
import dev.switchboard.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a request carries to every upstream attempt besides what its adapter builds: the W3C trace context. With a
 * tracer, each attempt is a client span under the request's span and sends that span's {@code traceparent}; without
 * one, the request's trace headers are sent as they are. They never replace a header the adapter set.
 *
 * @param headers trace headers to send when there is no tracer (lower-case names, already validated)
 * @param trace   the request's trace context (its server span), or null
 * @param tracer  the tracer, or null when tracing is off
 */
public record Forward(Map<String, String> headers, Context trace, Tracer tracer) {
  /** Nothing to forward. */
  public static final Forward NONE = new Forward(Map.of(), null, null);

  public Forward {
    headers = Map.copyOf(headers);
  }

  /** A span for attempt {@code number} to {@code target} (a no-op span when tracing is off). */
  Span startAttempt(Target target, int number) {
    if (tracer == null) {
      return Span.getInvalid();
    }
    return tracer.spanBuilder("attempt " + target.deployment().id()).setParent(trace).setSpanKind(SpanKind.CLIENT)
        .setAttribute("switchboard.deployment", target.deployment().id())
        .setAttribute("switchboard.provider", target.provider().name())
        .setAttribute("switchboard.attempt", number).startSpan();
  }

  /** {@code request} with the trace headers of {@code attempt} added. */
  UpstreamRequest applyTo(UpstreamRequest request, Span attempt) {
    Map<String, String> trace = new LinkedHashMap<>();
    if (tracer != null) {
      Tracing.inject(Context.root().with(attempt), trace);
    } else {
      trace.putAll(headers);
    }
    if (trace.isEmpty()) {
      return request;
    }
    trace.putAll(request.headers());
    return new UpstreamRequest(request.method(), request.url(), trace, request.body());
  }

  /** Ends {@code attempt}: answered ({@code failure} null) or failed with its reason class. */
  static void finish(Span attempt, Failure failure) {
    if (failure != null) {
      attempt.setAttribute("switchboard.failure", failure.reason().wireName());
      attempt.setStatus(StatusCode.ERROR, failure.message());
    }
    attempt.end();
  }
}
