package dev.switchboard.http;

/** Names of the gateway's own response headers (CONTRACT section 3). */
final class Headers {
  static final String REQUEST_ID = "x-request-id";
  static final String PROVIDER = "x-switchboard-provider";
  static final String DEPLOYMENT = "x-switchboard-deployment";
  static final String ATTEMPTS = "x-switchboard-attempts";
  /** Milliseconds spent inside the gateway before the answer's head: the latency minus upstream waiting. */
  /** {@code hit} or {@code miss} on requests the response cache takes part in. */
  static final String CACHE = "x-switchboard-cache";
  static final String OVERHEAD = "x-switchboard-overhead-ms";
  static final String COST = "x-switchboard-cost-usd";

  private Headers() {}
}
