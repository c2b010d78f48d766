package dev.switchboard.config;

/** {@code logging}: {@code format} is {@code text} or {@code json}; {@code level} the root log level. */
public record LoggingConfig(String format, String level) {}
