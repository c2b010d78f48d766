package dev.switchboard.routing.doctor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** A step done with blocking JDK sockets, run on Vert.x's worker pool so callers on an event loop never block. */
abstract class BlockingStep implements DoctorStep {
  /** How long the runner waits beyond a step's own socket timeouts before giving up on it. */
  static final long GRACE_MS = 1_000;
  /** The longest a TLS handshake or an HTTP answer may take, whatever the provider's {@code timeout_ms}. */
  static final long NETWORK_MAX_MS = 10_000;

  private final Vertx vertx;

  BlockingStep(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public final Future<StepResult> run(CheckState state) {
    return vertx.executeBlocking(() -> runBlocking(state), false);
  }

  /** The step itself, on a worker thread. */
  abstract StepResult runBlocking(CheckState state);

  /** The provider's {@code timeout_ms}, capped at {@link #NETWORK_MAX_MS}. */
  static int socketTimeoutMs(CheckState state) {
    return (int) Math.min(NETWORK_MAX_MS, state.target.provider().config().timeoutMs());
  }
}
