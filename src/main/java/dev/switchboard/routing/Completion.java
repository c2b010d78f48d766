package dev.switchboard.routing;

import dev.switchboard.api.ChatResponse;

/** A successful non-streamed completion and where it came from. */
public record Completion(ChatResponse response, Target target, int attempts) {}
