package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.Failures;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Classifies Anthropic's errors, {@code {"type":"error","error":{"type":"...","message":"..."}}}, whether they come
 * as an HTTP answer or as an {@code error} event inside a stream. The status logic, message reading (with secrets
 * masked) and {@code retry-after} handling are {@link Failures}'; the error {@code type} refines the class.
 */
final class AnthropicErrors {
  private AnthropicErrors() {}

  /** Classifies a non-2xx answer. */
  static Failure fromStatus(int status, MultiMap headers, Buffer body) {
    Failure byStatus = Failures.fromStatus(status, headers, body);
    String type = errorType(body);
    FailureClass reason = classOf(type, body, byStatus.reason());
    String message = type == null ? byStatus.message() : byStatus.message().replaceFirst("^HTTP " + status,
        "HTTP " + status + " " + type);
    return new Failure(reason, !reason.isCallerFault(), status, message, byStatus.retryAfterMs());
  }

  /** Classifies the payload of a stream's {@code error} event (no HTTP status: the one Anthropic uses for its type). */
  static Failure fromStreamEvent(String data) {
    Buffer body = Buffer.buffer(data);
    String type = errorType(body);
    int status = statusOf(type);
    FailureClass reason = classOf(type, body, FailureClass.UPSTREAM_5XX);
    String message = (type == null ? "error event" : type) + Failures.upstreamMessage(body).map(m -> ": " + m).orElse("");
    return new Failure(reason, !reason.isCallerFault(), status, message, -1);
  }

  /**
   * The class for an Anthropic error type: {@code authentication_error}, {@code permission_error} and
   * {@code billing_error} reject the account; {@code rate_limit_error} is a rate limit; {@code overloaded_error} and
   * {@code api_error} are upstream 5xx; {@code timeout_error} a read timeout; {@code invalid_request_error} is the
   * caller's fault ({@code prompt is too long} is {@link FailureClass#CONTEXT_LENGTH_EXCEEDED});
   * {@code not_found_error} and {@code request_too_large} are the caller's fault. Unknown types keep
   * {@code fallback}.
   */
  static FailureClass classOf(String type, Buffer body, FailureClass fallback) {
    if (type == null) {
      return fallback;
    }
    return switch (type) {
      case "authentication_error", "permission_error", "billing_error" -> FailureClass.AUTH_REJECTED;
      case "rate_limit_error" -> FailureClass.RATE_LIMITED;
      case "overloaded_error", "api_error" -> FailureClass.UPSTREAM_5XX;
      case "timeout_error" -> FailureClass.READ_TIMEOUT;
      case "invalid_request_error" -> Failures.callerFault(body);
      case "not_found_error", "request_too_large" -> FailureClass.CALLER_ERROR;
      default -> fallback;
    };
  }

  /** The HTTP status Anthropic documents for an error type (500 when unknown). */
  static int statusOf(String type) {
    if (type == null) {
      return 500;
    }
    return switch (type) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "billing_error" -> 402;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "timeout_error" -> 504;
      case "overloaded_error" -> 529;
      default -> 500;
    };
  }

  private static String errorType(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      JsonNode type = Json.MAPPER.readTree(body.getBytes()).path("error").path("type");
      return type.isTextual() ? type.asText() : null;
    } catch (Exception notJson) {
      return null;
    }
  }
}
