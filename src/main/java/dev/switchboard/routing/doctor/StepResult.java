package dev.switchboard.routing.doctor;

import dev.switchboard.provider.FailureClass;

/**
 * The outcome of one step of a deployment's check.
 *
 * @param name   the step: {@code dns}, {@code tcp}, {@code tls}, {@code http}, {@code auth} or {@code completion}
 * @param status ok, warn, fail or skipped
 * @param ms     how long the step took
 * @param detail what was found (addresses, certificate, status), or why it failed or was skipped
 * @param reason the reason class of a failure (CONTRACT section 7), or null
 * @param fix    what to try for a failure (or a warning), or null
 */
public record StepResult(String name, StepStatus status, long ms, String detail, FailureClass reason, String fix) {

  public static StepResult ok(String name, String detail) {
    return new StepResult(name, StepStatus.OK, 0, detail, null, null);
  }

  public static StepResult warn(String name, String detail, String fix) {
    return new StepResult(name, StepStatus.WARN, 0, detail, null, fix);
  }

  public static StepResult skipped(String name, String why) {
    return new StepResult(name, StepStatus.SKIPPED, 0, why, null, null);
  }

  public static StepResult fail(String name, FailureClass reason, String detail, String fix) {
    return new StepResult(name, StepStatus.FAIL, 0, detail, reason, fix);
  }

  /** The same result stamped with the step's duration. */
  public StepResult took(long millis) {
    return new StepResult(name, status, millis, detail, reason, fix);
  }

  public boolean failed() {
    return status == StepStatus.FAIL;
  }
}
