package dev.switchboard.http;

import dev.switchboard.routing.Forward;
import io.opentelemetry.context.Context;
import io.vertx.core.http.HttpServerRequest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The W3C trace context of a request: the caller's {@code traceparent} (and {@code tracestate}) when well formed,
 * else a new trace, forwarded to every upstream attempt so a request can be followed from the client through the
 * gateway to the provider; its trace id is in the access log. With tracing on ({@code tracing.otlp_endpoint}), the
 * request's span carries it instead.
 */
final class TraceContext {
  private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
  private static final Pattern TRACESTATE = Pattern.compile("[\\x20-\\x7e]{1,512}");
  private static final String INVALID_TRACE = "0".repeat(32);
  private static final String INVALID_PARENT = "0".repeat(16);
  private static final HexFormat HEX = HexFormat.of();

  private TraceContext() {}

  /**
   * What to forward for {@code request}: with tracing on, the request's span (attempts become its children and send
   * their own {@code traceparent}); else the caller's trace headers or a new trace. Notes the trace id on {@code log}.
   */
  static Forward of(HttpServerRequest request, RequestLog log) {
    if (log.span != null) {
      return new Forward(Map.of(), Context.root().with(log.span), log.tracer);
    }
    String parent = request.getHeader("traceparent");
    Map<String, String> headers = new LinkedHashMap<>();
    var m = parent == null ? null : TRACEPARENT.matcher(parent.strip());
    if (m != null && m.matches() && !m.group(1).equals(INVALID_TRACE) && !m.group(2).equals(INVALID_PARENT)) {
      headers.put("traceparent", parent.strip());
      String state = request.getHeader("tracestate");
      if (state != null && TRACESTATE.matcher(state).matches()) {
        headers.put("tracestate", state);
      }
      log.traceId = m.group(1);
    } else {
      log.traceId = randomHex() + randomHex();
      headers.put("traceparent", "00-" + log.traceId + "-" + randomHex() + "-01");
    }
    return new Forward(headers, null, null);
  }

  /**
   * 16 hex digits of a random, non-zero number. Trace ids identify, they do not protect: like OpenTelemetry's own
   * generator this uses {@link ThreadLocalRandom}, not a shared {@code SecureRandom} every request would queue on.
   */
  private static String randomHex() {
    long value;
    do {
      value = ThreadLocalRandom.current().nextLong();
    } while (value == 0);
    return HEX.toHexDigits(value);
  }
}
