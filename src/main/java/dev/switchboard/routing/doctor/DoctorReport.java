package dev.switchboard.routing.doctor;

import java.util.List;

/** Every deployment's check, in configuration order. */
public record DoctorReport(List<DeploymentReport> deployments) {
  public DoctorReport {
    deployments = List.copyOf(deployments);
  }

  public long passed() {
    return deployments.stream().filter(DeploymentReport::ok).count();
  }

  public long failed() {
    return deployments.size() - passed();
  }

  /** True when every deployment passed: the command exits 0. */
  public boolean allPassed() {
    return failed() == 0;
  }
}
