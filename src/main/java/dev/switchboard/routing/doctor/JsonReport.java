package dev.switchboard.routing.doctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.Json;
import java.util.Optional;

/**
 * The doctor's report for machines: {@code {"deployments":[{"deployment","provider","model","groups","ok",
 * "failed_step","reason","fix","steps":[{"name","status","ms","detail"}]}],"passed","failed"}}.
 */
public final class JsonReport {
  private JsonReport() {}

  public static String render(DoctorReport report, Redactor redactor) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode deployments = root.putArray("deployments");
    for (DeploymentReport d : report.deployments()) {
      ObjectNode node = deployments.addObject()
          .put("deployment", d.deployment())
          .put("provider", d.provider())
          .put("model", d.model());
      d.groups().forEach(node.putArray("groups")::add);
      node.put("ok", d.ok());
      Optional<StepResult> failure = d.failure();
      node.put("failed_step", failure.map(StepResult::name).orElse(null));
      node.put("reason", failure.map(f -> f.reason().wireName()).orElse(null));
      node.put("fix", failure.map(f -> redactor.mask(f.fix())).orElse(null));
      ArrayNode steps = node.putArray("steps");
      for (StepResult step : d.steps()) {
        ObjectNode s = steps.addObject()
            .put("name", step.name())
            .put("status", step.status().wireName())
            .put("ms", step.ms())
            .put("detail", redactor.mask(step.detail()));
        if (step.status() == StepStatus.WARN) {
          s.put("fix", redactor.mask(step.fix()));
        }
      }
    }
    root.put("passed", report.passed());
    root.put("failed", report.failed());
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
