package dev.switchboard.routing;

import dev.switchboard.provider.FailureClass;

/**
 * What the router tells its observers (the metrics) about attempts. Called on the request's event loop:
 * implementations must be quick and never block.
 */
public interface RouterEvents {
  /** Observes nothing. */
  RouterEvents NONE = new RouterEvents() {};

  /**
   * An attempt is sent to {@code target} for public model {@code model}.
   *
   * @param retry    not the request's first attempt
   * @param fallback the deployment belongs to another model group than the one requested
   */
  default void attempt(String model, Target target, boolean retry, boolean fallback) {}

  /** An attempt to {@code target} failed with {@code reason}. */
  default void attemptFailed(String model, Target target, FailureClass reason) {}
}
