package dev.switchboard.config;

/**
 * {@code cache}: the response cache's bounds. Entries live in this process (Caffeine, at most {@code max_bytes})
 * or, with {@code shared} and a {@code redis.url}, in Redis so that every replica answers from them.
 *
 * @param maxBytes local cache size bound in bytes of stored answers (0 turns the cache off)
 * @param maxTtlMs the longest any entry may live, whatever a group or request asks
 * @param shared   use Redis when {@code redis.url} is set
 */
public record CacheConfig(long maxBytes, long maxTtlMs, boolean shared) {}
