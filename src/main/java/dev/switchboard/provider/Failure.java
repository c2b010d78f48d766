package dev.switchboard.provider;

/**
 * A classified upstream failure.
 *
 * @param reason       what went wrong
 * @param retryable    whether another deployment may be tried (false for caller faults)
 * @param status       the upstream HTTP status, or 0 when no response arrived
 * @param message      a one-line diagnosis for operators and callers (never a secret)
 * @param retryAfterMs the upstream's {@code Retry-After} in milliseconds, or -1
 */
public record Failure(FailureClass reason, boolean retryable, int status, String message, long retryAfterMs) {

  public static Failure of(FailureClass reason, int status, String message) {
    return new Failure(reason, !reason.isCallerFault(), status, message, -1);
  }

  public boolean isTimeout() {
    return reason == FailureClass.READ_TIMEOUT || reason == FailureClass.CONNECT_TIMEOUT;
  }
}
