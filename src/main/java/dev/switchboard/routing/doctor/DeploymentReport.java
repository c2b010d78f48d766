package dev.switchboard.routing.doctor;

import java.util.List;
import java.util.Optional;

/**
 * The check of one deployment: its steps in order, up to and including the first failure.
 *
 * @param deployment the deployment id ({@code provider/model})
 * @param provider   the provider account's name
 * @param model      the upstream model
 * @param groups     the public model names served by this deployment
 * @param steps      the steps that ran (or were skipped), in order
 */
public record DeploymentReport(String deployment, String provider, String model, List<String> groups,
                               List<StepResult> steps) {
  public DeploymentReport {
    groups = List.copyOf(groups);
    steps = List.copyOf(steps);
  }

  /** The failing step, when there is one. */
  public Optional<StepResult> failure() {
    return steps.stream().filter(StepResult::failed).findFirst();
  }

  public boolean ok() {
    return failure().isEmpty();
  }
}
