package dev.switchboard.routing.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.UpstreamRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code auth}: the adapter's health-check request (for OpenAI-compatible servers {@code GET /models}) sent with
 * the configured key through the provider's own transport; a 2xx answer passes.
 */
final class AuthStep implements DoctorStep {
  static final String NAME = "auth";
  private final Vertx vertx;

  AuthStep(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<StepResult> run(CheckState state) {
    Provider provider = state.target.provider();
    ProviderAdapter adapter = provider.adapter();
    UpstreamRequest request;
    try {
      request = adapter.healthCheckRequest(state.target.deployment());
    } catch (RuntimeException e) {
      return Future.succeededFuture(failed(state, adapter.classify(e), "the check request"));
    }
    String line = UpstreamCall.requestLine(request);
    return UpstreamCall.send(vertx, provider, request).map(response -> {
      if (response.status() / 100 != 2) {
        return failed(state, adapter.classify(response), line);
      }
      List<String> models = listedModels(response);
      state.listedModels(models);
      return StepResult.ok(NAME, line + " answered HTTP " + response.status()
          + (models.isEmpty() ? "" : " (" + models.size() + (models.size() == 1 ? " model" : " models") + " listed)"));
    }).recover(error -> Future.succeededFuture(failed(state, adapter.classify(error), line)));
  }

  private static StepResult failed(CheckState state, Failure classified, String line) {
    Failure failure = UpstreamCall.asProbeFailure(classified);
    return StepResult.fail(NAME, failure.reason(), line + ": " + failure.message(),
        state.hints.auth(state.target, failure, line));
  }

  /** The model ids of an OpenAI-style list ({@code {"data":[{"id":...}]}}); empty for any other answer. */
  private static List<String> listedModels(ProviderAdapter.UpstreamResponse response) {
    List<String> ids = new ArrayList<>();
    try {
      JsonNode data = Json.MAPPER.readTree(response.body().getBytes()).path("data");
      data.forEach(model -> {
        if (model.path("id").isTextual()) {
          ids.add(model.path("id").asText());
        }
      });
    } catch (Exception notAList) {
      return List.of();
    }
    return ids;
  }

  @Override
  public long timeoutMs(CheckState state) {
    return UpstreamCall.timeoutMs(state.target.provider()) + BlockingStep.GRACE_MS;
  }

  @Override
  public StepResult timedOut(CheckState state, long ms) {
    Failure failure = Failure.of(FailureClass.READ_TIMEOUT, 0, "no answer within " + ms + " ms");
    return StepResult.fail(NAME, failure.reason(), failure.message(), state.hints.auth(state.target, failure, NAME));
  }
}
