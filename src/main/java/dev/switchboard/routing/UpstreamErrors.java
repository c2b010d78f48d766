package dev.switchboard.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns failed attempts into the error the caller sees, naming each upstream and what went wrong with it. */
final class UpstreamErrors {
  private UpstreamErrors() {}

  /** The upstream refused the request as the caller's fault: pass its status and message on, never fail over. */
  static GatewayError callerError(Target target, Failure failure, Buffer body) {
    String code = switch (failure.reason()) {
      case CONTEXT_LENGTH_EXCEEDED -> "context_length_exceeded";
      case CONTENT_FILTERED -> "content_filter";
      default -> "invalid_request";
    };
    String param = null;
    try {
      JsonNode error = Json.MAPPER.readTree(body.getBytes()).path("error");
      if (failure.reason() == FailureClass.CALLER_ERROR && error.path("code").isTextual()) {
        code = error.path("code").asText();
      }
      if (error.path("param").isTextual()) {
        param = error.path("param").asText();
      }
    } catch (Exception notJson) {
      // keep the defaults
    }
    int status = failure.status() >= 400 && failure.status() < 500 ? failure.status() : 400;
    return new GatewayError(status, "invalid_request_error", code, param,
        "the upstream " + target.deployment().id() + " rejected the request: " + failure.message(), Map.of(), Map.of());
  }

  /** Every attempt failed: 504 when the last failure was a timeout, 429 when all were rate limits, else 502. */
  static GatewayError exhausted(String model, List<AttemptRecord> attempts) {
    Failure last = attempts.get(attempts.size() - 1).failure();
    boolean allRateLimited = attempts.stream().allMatch(a -> a.failure().reason() == FailureClass.RATE_LIMITED);
    String summary = attempts.stream()
        .map(a -> a.target().deployment().id() + " " + a.failure().reason().wireName() + " (" + a.failure().message() + ")")
        .collect(Collectors.joining("; "));
    String message = "model '" + model + "': " + attempts.size() + (attempts.size() == 1 ? " attempt" : " attempts")
        + " failed: " + summary;
    Map<String, String> headers = new LinkedHashMap<>();
    if (allRateLimited) {
      long wait = attempts.stream().mapToLong(a -> a.failure().retryAfterMs()).filter(ms -> ms >= 0).min().orElse(1000);
      headers.put("retry-after", String.valueOf(Math.max(1, (wait + 999) / 1000)));
      return new GatewayError(429, "rate_limit_error", "upstream_rate_limited", null, message, headers, details(attempts));
    }
    int status = last.isTimeout() ? 504 : 502;
    return GatewayError.upstream(status, status == 504 ? "upstream_timeout" : "upstream_error", message, headers,
        upstreams(attempts));
  }

  private static Map<String, Object> details(List<AttemptRecord> attempts) {
    return Map.of("upstreams", upstreams(attempts));
  }

  /** One entry per deployment tried, in the shape of CONTRACT section 3. */
  static List<Map<String, Object>> upstreams(List<AttemptRecord> attempts) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (AttemptRecord a : attempts) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("deployment", a.target().deployment().id());
      entry.put("provider", a.target().provider().name());
      entry.put("state", "failed");
      entry.put("reason", a.failure().reason().wireName());
      entry.put("last_error", a.failure().message());
      entry.put("since", a.at().toString());
      out.add(entry);
    }
    return out;
  }
}
