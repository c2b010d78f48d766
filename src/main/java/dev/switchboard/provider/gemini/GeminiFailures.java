package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.Failures;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;

/**
 * Classifies Google's error bodies {@code {"error":{"code","message","status","details"}}} on top of
 * {@link Failures#fromStatus}: an invalid API key (400 with reason {@code API_KEY_INVALID}) and an account
 * the API will not serve (400 {@code FAILED_PRECONDITION}, e.g. an unsupported location) are
 * {@code auth_rejected}; a 400 whose message says the input token count exceeds the maximum is
 * {@code context_length_exceeded}, any other 400 {@code caller_error}; 504 {@code DEADLINE_EXCEEDED} is
 * {@code upstream_5xx}; a 429 without {@code Retry-After} takes its wait from the {@code RetryInfo} detail.
 */
final class GeminiFailures {
  private GeminiFailures() {}

  static Failure classify(int status, MultiMap headers, Buffer body) {
    Failure base = Failures.fromStatus(status, headers, body);
    JsonNode error = errorObject(body);
    FailureClass reason = base.reason();
    long retryAfter = base.retryAfterMs();
    if (status == 400) {
      reason = badRequest(error);
    } else if (status == 504) {
      reason = FailureClass.UPSTREAM_5XX;
    } else if (status == 429 && retryAfter < 0) {
      retryAfter = retryDelayMs(error);
    }
    return new Failure(reason, !reason.isCallerFault(), status, base.message(), retryAfter);
  }

  /** An {@code {"error":...}} object sent inside a stream, classified by its {@code code} (500 when absent). */
  static Failure fromStreamError(String data) {
    Buffer body = Buffer.buffer(data);
    int code = errorObject(body).path("code").asInt(500);
    return classify(code >= 400 ? code : 500, null, body);
  }

  private static FailureClass badRequest(JsonNode error) {
    String message = error.path("message").asText("").toLowerCase(Locale.ROOT);
    if (hasReason(error, "API_KEY_INVALID") || message.contains("api key not valid")
        || "FAILED_PRECONDITION".equals(error.path("status").asText())) {
      return FailureClass.AUTH_REJECTED;
    }
    if (message.contains("input token count") && message.contains("exceeds the maximum")) {
      return FailureClass.CONTEXT_LENGTH_EXCEEDED;
    }
    return FailureClass.CALLER_ERROR;
  }

  private static boolean hasReason(JsonNode error, String reason) {
    for (JsonNode detail : error.path("details")) {
      if (reason.equals(detail.path("reason").asText())) {
        return true;
      }
    }
    return false;
  }

  /** The {@code google.rpc.RetryInfo} delay (e.g. {@code "43s"}, {@code "1.5s"}) in milliseconds, or -1. */
  static long retryDelayMs(JsonNode error) {
    for (JsonNode detail : error.path("details")) {
      String delay = detail.path("retryDelay").asText("");
      if (delay.endsWith("s")) {
        try {
          return Math.max(0, Math.round(Double.parseDouble(delay.substring(0, delay.length() - 1)) * 1000));
        } catch (NumberFormatException unreadable) {
          return -1;
        }
      }
    }
    return -1;
  }

  private static JsonNode errorObject(Buffer body) {
    if (body == null || body.length() == 0) {
      return Json.MAPPER.missingNode();
    }
    try {
      JsonNode root = Json.MAPPER.readTree(body.getBytes());
      // some Google front ends wrap the error object in a one-element array
      JsonNode first = root != null && root.isArray() ? root.path(0) : root;
      return first == null ? Json.MAPPER.missingNode() : first.path("error");
    } catch (Exception notJson) {
      return Json.MAPPER.missingNode();
    }
  }
}
