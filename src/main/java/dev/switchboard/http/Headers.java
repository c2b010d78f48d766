package dev.switchboard.http;

/** Names of the gateway's own response headers (CONTRACT section 3). */
final class Headers {
  static final String REQUEST_ID = "x-request-id";
  static final String PROVIDER = "x-switchboard-provider";
  static final String DEPLOYMENT = "x-switchboard-deployment";
  static final String ATTEMPTS = "x-switchboard-attempts";
  static final String COST = "x-switchboard-cost-usd";

  private Headers() {}
}
