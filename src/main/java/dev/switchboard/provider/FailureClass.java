package dev.switchboard.provider;

import java.util.Locale;

/**
 * Why an upstream attempt failed (CONTRACT section 7), plus {@link #CALLER_ERROR} for requests the
 * upstream rejected as the caller's fault, which never count against a deployment's health.
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
  CALLER_ERROR;

  /** The wire name, e.g. {@code connect_refused}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
