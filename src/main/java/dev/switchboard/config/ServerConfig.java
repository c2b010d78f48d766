package dev.switchboard.config;

/**
 * {@code server}: where to listen, the request body limit, the shutdown drain bound, and how often the
 * configuration file is checked for changes (0: never; SIGHUP and {@code POST /admin/reload} still reload).
 */
public record ServerConfig(String host, int port, long maxBodyBytes, long drainTimeoutMs, long reloadWatchMs) {}
