package dev.switchboard.provider;

import java.util.Locale;

/**
 * Why an upstream attempt failed (CONTRACT section 7), plus three classes for requests the upstream
 * rejected as the caller's fault ({@link #CALLER_ERROR}, {@link #CONTEXT_LENGTH_EXCEEDED},
 * {@link #CONTENT_FILTERED}), which never fail over to a like deployment and never count against health.
 */
public enum FailureClass {
  DNS_FAILURE,
  CONNECT_REFUSED,
  CONNECT_TIMEOUT,
  TLS_ERROR,
  AUTH_REJECTED,
  RATE_LIMITED,
  UPSTREAM_5XX,
  READ_TIMEOUT,
  MALFORMED_RESPONSE,
  HEALTH_CHECK_FAILED,
  CALLER_ERROR,
  CONTEXT_LENGTH_EXCEEDED,
  CONTENT_FILTERED;

  /** True for the classes that blame the request, not the upstream. */
  public boolean isCallerFault() {
    return this == CALLER_ERROR || this == CONTEXT_LENGTH_EXCEEDED || this == CONTENT_FILTERED;
  }

  /** The wire name, e.g. {@code connect_refused}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
