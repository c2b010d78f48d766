package dev.switchboard.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.Failures;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;

/**
 * Classifies Bedrock's errors on top of {@link Failures}: the error type comes from the {@code x-amzn-ErrorType}
 * header, else the body's {@code __type} (e.g. {@code com.amazon.coral.validate#ValidationException}), the message
 * from the body's {@code message}/{@code Message}. The same types arrive inside ConverseStream as exception
 * messages ({@code throttlingException}, {@code modelStreamErrorException}, ...).
 */
final class BedrockFailures {
  private BedrockFailures() {}

  /** A non-2xx Bedrock answer. */
  static Failure fromStatus(int status, MultiMap headers, Buffer body) {
    Failure base = Failures.fromStatus(status, headers, body);
    String type = errorType(headers == null ? null : headers.get("x-amzn-ErrorType"), body);
    String message = message(body);
    // a 400 without a type is Bedrock's request validation all the same
    FailureClass known = reason(type.isEmpty() && status == 400 ? "ValidationException" : type, message);
    FailureClass reason = known == null ? base.reason() : known;
    return new Failure(reason, !reason.isCallerFault(), status, describe(status, type, message, reason),
        base.retryAfterMs());
  }

  /** An exception message inside a ConverseStream, named by its {@code :exception-type}. */
  static Failure fromStreamException(String exceptionType, String payload) {
    String type = exceptionType.isEmpty() ? exceptionType
        : Character.toUpperCase(exceptionType.charAt(0)) + exceptionType.substring(1);
    String message = message(Buffer.buffer(payload));
    FailureClass known = reason(type, message);
    FailureClass reason = known == null ? FailureClass.UPSTREAM_5XX : known;
    return Failure.of(reason, 200, "Bedrock stopped the stream with " + type + (message.isEmpty() ? "" : ": " + message));
  }

  /** The class of a known Bedrock error type, or null for types this build does not know. */
  private static FailureClass reason(String type, String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    return switch (type) {
      case "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
           "IncompleteSignatureException", "MissingAuthenticationTokenException", "ExpiredTokenException",
           "InvalidClientTokenId", "SignatureDoesNotMatch" -> FailureClass.AUTH_REJECTED;
      case "ThrottlingException", "TooManyRequestsException", "ServiceQuotaExceededException" -> FailureClass.RATE_LIMITED;
      case "ModelTimeoutException" -> FailureClass.READ_TIMEOUT;
      case "ServiceUnavailableException", "InternalServerException", "InternalFailure", "ModelNotReadyException",
           "ModelErrorException", "ModelStreamErrorException", "ResourceNotFoundException" -> FailureClass.UPSTREAM_5XX;
      case "ValidationException" -> promptTooLong(lower) ? FailureClass.CONTEXT_LENGTH_EXCEEDED
          : FailureClass.CALLER_ERROR;
      default -> null;
    };
  }

  /** Bedrock's wording for a prompt over the model's context window, across the model families it hosts. */
  static boolean promptTooLong(String lowerMessage) {
    return lowerMessage.contains("too long") || lowerMessage.contains("too many input tokens")
        || lowerMessage.contains("too many tokens") || lowerMessage.contains("maximum context length")
        || lowerMessage.contains("context window") || lowerMessage.contains("exceeds the maximum number of tokens")
        || lowerMessage.contains("input length") && lowerMessage.contains("exceed");
  }

  private static String describe(int status, String type, String message, FailureClass reason) {
    StringBuilder out = new StringBuilder("HTTP ").append(status);
    if (!type.isEmpty()) {
      out.append(' ').append(type);
    }
    if (!message.isEmpty()) {
      out.append(": ").append(message);
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("signature expired") || lower.contains("signature not yet current")) {
      out.append(" (clock skew: the gateway host's clock differs from AWS's by more than the 5 minutes SigV4 allows;"
          + " synchronise it with NTP)");
    } else if (type.equals("ResourceNotFoundException")) {
      out.append(" (check the deployment's model id and that the model is offered in the provider's region)");
    } else if (reason == FailureClass.AUTH_REJECTED && lower.contains("access to the model")) {
      out.append(" (request access to the model in the Bedrock console for this account and region)");
    }
    return out.toString();
  }

  /** The error type without Coral's namespace or URL suffix, or empty. */
  static String errorType(String header, Buffer body) {
    String raw = header;
    if (raw == null || raw.isBlank()) {
      JsonNode root = parse(body);
      raw = root.path("__type").asText(root.path("code").asText(""));
    }
    int colon = raw.indexOf(':');
    if (colon >= 0) {
      raw = raw.substring(0, colon);
    }
    int hash = raw.lastIndexOf('#');
    return (hash >= 0 ? raw.substring(hash + 1) : raw).strip();
  }

  /** The body's {@code message} (or {@code Message}), shortened and with key-like text masked; empty when none. */
  static String message(Buffer body) {
    JsonNode root = parse(body);
    JsonNode message = root.path("message").isTextual() ? root.path("message") : root.path("Message");
    Buffer normalized = message.isTextual()
        ? Buffer.buffer(Json.MAPPER.createObjectNode().put("message", message.asText()).toString()) : body;
    return normalized == null ? "" : Failures.upstreamMessage(normalized).orElse("");
  }

  private static JsonNode parse(Buffer body) {
    if (body == null || body.length() == 0) {
      return Json.MAPPER.missingNode();
    }
    try {
      JsonNode root = Json.MAPPER.readTree(body.getBytes());
      return root == null ? Json.MAPPER.missingNode() : root;
    } catch (Exception notJson) {
      return Json.MAPPER.missingNode();
    }
  }
}
