package dev.switchboard.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One billable event: what one request consumed at the deployment that served it. Its id is the request id and
 * the number of the attempt that served ({@code <request id>:<attempt>}), so a replayed event adds nothing. When
 * the client chose the {@code x-request-id} (which it could reuse), the gateway's own unique id for the request
 * stands in for it in the event id, so that no request is ever taken for another.
 *
 * @param eventId          {@code <unique request id>:<attempt>}
 * @param requestId        the request's {@code x-request-id}
 * @param timeMs           when the request finished (epoch milliseconds, UTC)
 * @param tenant           the tenant billed
 * @param keyId            the id of the tenant key used (never the key)
 * @param model            the public model the client asked for
 * @param provider         the provider account that served, or null when none did
 * @param deployment       the deployment that served ({@code provider/model}), or null
 * @param upstreamModel    the upstream model name, or null
 * @param costUsd          exact cost in USD ({@link Pricing#SCALE} decimals)
 * @param priced           false when a price was unknown, in which case the cost is 0
 * @param status           one of {@link #OK}, {@link #UPSTREAM_FAILED_MID_STREAM}, {@link #CLIENT_CLOSED},
 *                         {@link #ERROR}
 * @param latencyMs        time from the request to the end of the upstream's answer
 * @param estimated        the token counts were estimated by the gateway, not reported by the upstream
 * @param prompt           for a prompt API call, the prompt and its version ({@code name@version}), else null
 */
public record UsageEvent(String eventId, String requestId, long timeMs, String tenant, String keyId, String model, String provider,
                         String deployment, String upstreamModel, long promptTokens, long completionTokens,
                         long cachedTokens, long cacheWriteTokens, long reasoningTokens, BigDecimal costUsd,
                         boolean priced, String status, boolean stream, long latencyMs, boolean estimated,
                         String prompt) {
  /** The request was answered in full. */
  public static final String OK = "ok";
  /** The upstream failed after the stream had started; the tokens produced so far are billed. */
  public static final String UPSTREAM_FAILED_MID_STREAM = "upstream_failed_mid_stream";
  /** The client went away before the answer was complete; what was generated is billed. */
  public static final String CLIENT_CLOSED = "client_closed";
  /** The request reached an upstream but produced no answer. */
  public static final String ERROR = "error";
  /** Answered from the response cache: no upstream call, no cost; the tokens are those of the cached answer. */
  public static final String CACHE_HIT = "cache_hit";

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  /** The event id of attempt {@code attempt} of request {@code requestId}. */
  public static String id(String requestId, int attempt) {
    return requestId + ":" + attempt;
  }

  /** An event for {@code tokens} priced by {@code cost}. */
  public static UsageEvent of(String eventId, String requestId, long timeMs, Who who, Where where, TokenCounts tokens,
                              Pricing.Cost cost, String status, boolean stream, long latencyMs) {
    return new UsageEvent(eventId, requestId, timeMs, who.tenant(), who.keyId(), who.model(), where.provider(),
        where.deployment(), where.upstreamModel(), tokens.prompt(), tokens.completion(), tokens.cached(),
        tokens.cacheWrite(), tokens.reasoning(), cost.usd(), cost.priced(), status, stream, latencyMs,
        tokens.estimated(), who.prompt());
  }

  /** The UTC day of the event, {@code YYYY-MM-DD}. */
  public String day() {
    return DAY.format(Instant.ofEpochMilli(timeMs));
  }

  /** The UTC month of the event, {@code YYYY-MM}. */
  public String month() {
    return day().substring(0, 7);
  }

  /** Who made the request: the tenant, the key's id, the public model asked for, and the prompt called (or null). */
  public record Who(String tenant, String keyId, String model, String prompt) {}

  /** Where it was served: provider account, deployment id and upstream model (all null when nowhere). */
  public record Where(String provider, String deployment, String upstreamModel) {}
}
