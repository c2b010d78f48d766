package dev.switchboard.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.routing.health.HealthRegistry;
import dev.switchboard.routing.health.HealthSnapshot;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns failed or impossible attempts into the error the caller sees, naming each upstream and what is wrong with it. */
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
  static GatewayError exhausted(String model, List<AttemptRecord> attempts, HealthRegistry health) {
    Failure last = attempts.get(attempts.size() - 1).failure();
    String message = "model '" + model + "': " + summary(attempts);
    Map<String, String> headers = new LinkedHashMap<>();
    if (attempts.stream().allMatch(a -> a.failure().reason() == FailureClass.RATE_LIMITED)) {
      long wait = attempts.stream().mapToLong(a -> a.failure().retryAfterMs()).filter(ms -> ms >= 0).min().orElse(1000);
      headers.put("retry-after", seconds(wait));
      return new GatewayError(429, "rate_limit_error", "upstream_rate_limited", null, message, headers,
          Map.of("upstreams", attempted(attempts, health)));
    }
    int status = last.isTimeout() ? 504 : 502;
    return GatewayError.upstream(status, status == 504 ? "upstream_timeout" : "upstream_error", message, headers,
        attempted(attempts, health));
  }

  /** The request's deadline passed before an answer. */
  static GatewayError deadline(String model, long deadlineMs, List<AttemptRecord> attempts) {
    String message = "model '" + model + "': no answer within routing.deadline_ms=" + deadlineMs
        + (attempts.isEmpty() ? "" : "; " + summary(attempts));
    return GatewayError.upstream(504, "upstream_timeout", message, Map.of(), attempted(attempts, null));
  }

  /**
   * No deployment could take the request (all ejected, unhealthy, or cooling down): 503 listing each one
   * considered with its state; 429 with the shortest cooldown when every one is only cooling down after 429s.
   */
  static GatewayError noHealthyUpstream(String model, List<Target> considered, HealthRegistry health) {
    List<Map<String, Object>> upstreams = new ArrayList<>();
    Instant now = health.clock().instant();
    Instant soonest = null;
    boolean allCooling = !considered.isEmpty();
    for (Target t : considered) {
      HealthSnapshot s = health.of(t.deployment().id()).snapshot();
      allCooling &= health.of(t.deployment().id()).onlyCooling();
      Instant at = s.coolingUntil() != null ? s.coolingUntil() : s.ejectedUntil();
      if (at != null && (soonest == null || at.isBefore(soonest))) {
        soonest = at;
      }
      Map<String, Object> entry = entry(t, s.coolingUntil() != null ? "cooling_down" : s.state().wireName(), s.reason(),
          s.lastError(), s.since());
      if (s.ejectedUntil() != null) {
        entry.put("until", s.ejectedUntil().toString());
      } else if (s.coolingUntil() != null) {
        entry.put("until", s.coolingUntil().toString());
      }
      upstreams.add(entry);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("retry-after", seconds(soonest == null ? 1000 : Math.max(0, Duration.between(now, soonest).toMillis())));
    String states = upstreams.stream().map(u -> u.get("deployment") + " " + u.get("state")
        + (u.get("reason") == null ? "" : " (" + u.get("reason") + ": " + u.get("last_error") + ")"))
        .collect(Collectors.joining("; "));
    if (allCooling) {
      return new GatewayError(429, "rate_limit_error", "upstream_rate_limited", null,
          "model '" + model + "': every deployment is cooling down after rate limiting: " + states, headers,
          Map.of("upstreams", upstreams));
    }
    return new GatewayError(503, "api_error", "no_healthy_upstream", null,
        "model '" + model + "': no healthy upstream: " + states, headers, Map.of("upstreams", upstreams));
  }

  private static String summary(List<AttemptRecord> attempts) {
    return attempts.size() + (attempts.size() == 1 ? " attempt" : " attempts") + " failed: " + attempts.stream()
        .map(a -> a.target().deployment().id() + " " + a.failure().reason().wireName() + " (" + a.failure().message() + ")")
        .collect(Collectors.joining("; "));
  }

  /**
   * One entry per deployment that failed, in the order first tried, in the shape of CONTRACT section 3: the
   * deployment's state now, its last failure in this request, when it first failed, and how many attempts it took.
   */
  private static List<Map<String, Object>> attempted(List<AttemptRecord> attempts, HealthRegistry health) {
    Map<Target, Map<String, Object>> byTarget = new LinkedHashMap<>();
    for (AttemptRecord a : attempts) {
      Map<String, Object> entry = byTarget.computeIfAbsent(a.target(), t -> {
        String state = health == null ? "failed" : health.of(t.deployment().id()).snapshot().state().wireName();
        Map<String, Object> e = entry(t, state, null, null, a.at());
        e.put("attempts", 0);
        return e;
      });
      entry.put("reason", a.failure().reason().wireName());
      entry.put("last_error", a.failure().message());
      entry.put("attempts", (Integer) entry.get("attempts") + 1);
    }
    return new ArrayList<>(byTarget.values());
  }

  private static Map<String, Object> entry(Target target, String state, String reason, String lastError, Instant since) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("deployment", target.deployment().id());
    entry.put("provider", target.provider().name());
    entry.put("state", state);
    entry.put("reason", reason);
    entry.put("last_error", lastError);
    entry.put("since", since == null ? null : since.toString());
    return entry;
  }

  private static String seconds(long ms) {
    return String.valueOf(Math.max(1, (ms + 999) / 1000));
  }
}
