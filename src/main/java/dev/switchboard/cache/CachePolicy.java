package dev.switchboard.cache;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.config.CacheConfig;
import java.util.Locale;

/**
 * Whether, and for how long, an answer is cached. Opt-in: per model group ({@code models.<name>.cache.ttl_ms}) or
 * per request ({@code cache-control: max-age=N}); {@code cache-control: no-cache} or {@code no-store} bypasses it.
 * Streamed requests are not cached. Every TTL is capped at {@code cache.max_ttl_ms}.
 */
public final class CachePolicy {
  private CachePolicy() {}

  /** The TTL in milliseconds for {@code request}, or 0 when it is not cached. */
  public static long ttlMs(CacheConfig config, ChatRequest request, long groupTtlMs, String cacheControl) {
    if (request.streaming()) {
      return 0;
    }
    long ttl = groupTtlMs;
    if (cacheControl != null) {
      for (String directive : cacheControl.toLowerCase(Locale.ROOT).split(",")) {
        String d = directive.strip();
        if (d.equals("no-cache") || d.equals("no-store")) {
          return 0;
        }
        if (d.startsWith("max-age=")) {
          try {
            ttl = Math.max(0, Long.parseLong(d.substring(8).strip())) * 1000;
          } catch (NumberFormatException ignored) {
            // an unreadable max-age leaves the group's setting
          }
        }
      }
    }
    return Math.min(ttl, config.maxTtlMs());
  }
}
