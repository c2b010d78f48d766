package dev.switchboard.api;

import java.util.List;
import java.util.Map;

/**
 * An error the gateway answers with, in OpenAI's shape {@code {"error":{"message","type","code","param"}}}.
 * Rendered to JSON in exactly one place, the HTTP failure handler.
 *
 * @param status  HTTP status
 * @param type    OpenAI error type, e.g. {@code invalid_request_error}
 * @param code    machine-readable code, e.g. {@code model_not_found}
 * @param param   the request field at fault, or null
 * @param message what went wrong, for a person
 * @param headers extra response headers (e.g. {@code retry-after})
 * @param details extra top-level body members (e.g. {@code upstreams} for {@code no_healthy_upstream})
 */
public final class GatewayError extends RuntimeException {
  private final int status;
  private final String type;
  private final String code;
  private final String param;
  private final Map<String, String> headers;
  private final Map<String, Object> details;

  public GatewayError(int status, String type, String code, String param, String message,
                      Map<String, String> headers, Map<String, Object> details) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.headers = Map.copyOf(headers);
    this.details = Map.copyOf(details);
  }

  public static GatewayError invalidRequest(String param, String message) {
    return new GatewayError(400, "invalid_request_error", "invalid_request", param, message, Map.of(), Map.of());
  }

  public static GatewayError invalidApiKey(String message) {
    return new GatewayError(401, "invalid_request_error", "invalid_api_key", null, message, Map.of(), Map.of());
  }

  public static GatewayError modelNotAllowed(String model) {
    return new GatewayError(403, "permission_error", "model_not_allowed", "model",
        "your key may not use the model '" + model + "'", Map.of(), Map.of());
  }

  public static GatewayError modelNotFound(String model) {
    return new GatewayError(404, "invalid_request_error", "model_not_found", "model",
        "the model '" + model + "' does not exist; GET /v1/models lists the models you may use", Map.of(), Map.of());
  }

  public static GatewayError notFound(String path) {
    return new GatewayError(404, "invalid_request_error", "not_found", null, "no route for " + path, Map.of(), Map.of());
  }

  public static GatewayError bodyTooLarge(long limit) {
    return new GatewayError(413, "invalid_request_error", "request_too_large", null,
        "request body exceeds server.max_body_bytes (" + limit + " bytes)", Map.of(), Map.of());
  }

  public static GatewayError upstream(int status, String code, String message, Map<String, String> headers,
                                      List<Map<String, Object>> upstreams) {
    Map<String, Object> details = upstreams.isEmpty() ? Map.of() : Map.of("upstreams", upstreams);
    return new GatewayError(status, status == 504 ? "timeout_error" : "api_error", code, null, message, headers, details);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String code() {
    return code;
  }

  public String param() {
    return param;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public Map<String, Object> details() {
    return details;
  }
}
