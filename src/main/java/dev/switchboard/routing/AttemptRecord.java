package dev.switchboard.routing;

import dev.switchboard.provider.Failure;
import java.time.Instant;

/** One failed attempt: which deployment, what went wrong, and when. */
public record AttemptRecord(Target target, Failure failure, Instant at) {}
