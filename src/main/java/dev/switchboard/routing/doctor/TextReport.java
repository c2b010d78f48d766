package dev.switchboard.routing.doctor;

import java.util.Locale;

/** The doctor's report for people: one block per deployment, its steps, and for a failure the reason and a fix. */
public final class TextReport {
  private TextReport() {}

  public static String render(DoctorReport report, Redactor redactor) {
    StringBuilder out = new StringBuilder();
    for (DeploymentReport d : report.deployments()) {
      out.append(d.ok() ? "PASS  " : "FAIL  ").append(d.deployment())
          .append("  (provider ").append(d.provider()).append(", model ").append(d.model())
          .append(", serves ").append(String.join(", ", d.groups())).append(")\n");
      for (StepResult step : d.steps()) {
        out.append(String.format(Locale.ROOT, "  %-4s %-10s %6s  %s%n", label(step.status()), step.name(),
            step.status() == StepStatus.SKIPPED ? "-" : step.ms() + " ms", redactor.mask(step.detail())));
        if (step.status() == StepStatus.WARN && step.fix() != null) {
          out.append("       try: ").append(redactor.mask(step.fix())).append('\n');
        }
      }
      d.failure().ifPresent(f -> out.append("  failed at ").append(f.name()).append(": ")
          .append(f.reason().wireName()).append('\n')
          .append("  try: ").append(redactor.mask(f.fix())).append('\n'));
      out.append('\n');
    }
    out.append(report.passed()).append(" passed, ").append(report.failed()).append(" failed\n");
    return out.toString();
  }

  private static String label(StepStatus status) {
    return switch (status) {
      case OK -> "ok";
      case WARN -> "warn";
      case FAIL -> "FAIL";
      case SKIPPED -> "skip";
    };
  }
}
