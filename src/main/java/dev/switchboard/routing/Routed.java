package dev.switchboard.routing;

/** A successful upstream answer and where it came from. */
public record Routed<T>(T value, Target target, int attempts) {}
