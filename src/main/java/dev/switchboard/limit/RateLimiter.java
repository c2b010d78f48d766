package dev.switchboard.limit;

import dev.switchboard.tenant.Tenant;
import io.vertx.core.Future;

/**
 * Requests per minute and tokens per minute per tenant. {@link #acquire} counts one request and the request's
 * estimated tokens before the call, or refuses with 429 {@code rate_limit_exceeded} and the seconds until the
 * limit lets it through; {@link #recordTokens} corrects the token count to the actual usage after the call.
 */
public interface RateLimiter {
  /** Counts the request against the tenant's limits, or fails with the 429 error to answer. */
  Future<Permit> acquire(Tenant tenant, long estimatedTokens);

  /** Replaces the permit's estimated tokens with the {@code actualTokens} the call used. */
  void recordTokens(Permit permit, long actualTokens);

  /** What {@link #acquire} counted: whose tokens and how many, so the estimate can be corrected. */
  record Permit(String tenantId, long tpm, long estimatedTokens) {
    /** A permit that counted nothing (no token limit). */
    public static Permit none(String tenantId) {
      return new Permit(tenantId, 0, 0);
    }
  }
}
