package dev.switchboard.routing.doctor;

import java.util.Locale;

/** How one doctor step ended. A warning passes (e.g. a certificate that expires soon); only a failure stops the walk. */
public enum StepStatus {
  OK,
  WARN,
  FAIL,
  SKIPPED;

  /** The name in the JSON output, e.g. {@code ok}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
