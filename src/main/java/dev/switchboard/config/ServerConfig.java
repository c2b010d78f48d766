package dev.switchboard.config;

/** {@code server}: where to listen, the request body limit and the shutdown drain bound. */
public record ServerConfig(String host, int port, long maxBodyBytes, long drainTimeoutMs) {}
