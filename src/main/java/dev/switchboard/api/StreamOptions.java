package dev.switchboard.api;

/** OpenAI {@code stream_options}. */
public record StreamOptions(Boolean includeUsage) {}
