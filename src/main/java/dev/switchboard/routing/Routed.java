package dev.switchboard.routing;

/**
 * A successful upstream answer and where it came from.
 *
 * @param upstreamNanos time spent waiting on upstreams (every attempt, and backoff between them)
 */
public record Routed<T>(T value, Target target, int attempts, long upstreamNanos) {}
