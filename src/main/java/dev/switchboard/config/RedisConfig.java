package dev.switchboard.config;

/** {@code redis}: optional URL of a Redis shared by replicas; empty when not used. */
public record RedisConfig(String url) {}
