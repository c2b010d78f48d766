package dev.switchboard.provider.cohere;

import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.Failures;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;

/**
 * Cohere's error answers ({@code {"message": "..."}}) on top of {@link Failures}: 402 (billing limit) and
 * 498 (invalid token) reject the account, 499 (request cancelled upstream) may be retried, and a 400/422 whose
 * message starts "too many tokens" about the prompt is a context-length error.
 */
final class CohereFailures {
  private CohereFailures() {}

  static Failure fromStatus(int status, MultiMap headers, Buffer body) {
    Failure base = Failures.fromStatus(status, headers, body);
    FailureClass reason = switch (status) {
      case 402, 498 -> FailureClass.AUTH_REJECTED;
      case 499 -> FailureClass.UPSTREAM_5XX;
      case 400, 422 -> promptTooLong(body) ? FailureClass.CONTEXT_LENGTH_EXCEEDED : base.reason();
      default -> base.reason();
    };
    return reason == base.reason() ? base
        : new Failure(reason, !reason.isCallerFault(), status, base.message(), base.retryAfterMs());
  }

  /**
   * Cohere words context overflows as "too many tokens: total number of tokens in the prompt cannot exceed ...",
   * "too many tokens: size limit exceeded by N tokens ..." and similar; "too many tokens: max tokens must be ..."
   * is about {@code max_tokens}, an ordinary request error.
   */
  static boolean promptTooLong(Buffer body) {
    String message = Failures.upstreamMessage(body).orElse("").toLowerCase(Locale.ROOT);
    return message.contains("too many tokens") && !message.contains("max tokens must be")
        && !message.contains("max_tokens must be");
  }
}
