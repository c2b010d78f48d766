package dev.switchboard.routing.doctor;

import io.vertx.core.Future;

/** One step of the path a request takes to a deployment. Its result carries the reason class and fix on failure. */
interface DoctorStep {

  /** {@code dns}, {@code tcp}, {@code tls}, {@code http}, {@code auth} or {@code completion}. */
  String name();

  /** Runs the step. Blocking work runs on a worker thread, never on an event loop. */
  Future<StepResult> run(CheckState state);

  /** An upper bound on the step; the step's own socket and request timeouts normally end it first. */
  long timeoutMs(CheckState state);

  /** The result when the step did not finish within {@link #timeoutMs}. */
  StepResult timedOut(CheckState state, long ms);
}
