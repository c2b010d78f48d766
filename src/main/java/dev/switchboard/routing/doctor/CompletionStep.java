package dev.switchboard.routing.doctor;

import dev.switchboard.api.ChatResponse;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.HealthProbe;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.UpstreamRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * {@code completion}: a one-token chat completion for the deployment's upstream model, translated and read by
 * the provider's adapter exactly as a client's request would be.
 */
final class CompletionStep implements DoctorStep {
  static final String NAME = "completion";
  private final Vertx vertx;

  CompletionStep(Vertx vertx) {
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
    Deployment deployment = state.target.deployment();
    UpstreamRequest request;
    try {
      request = adapter.chatRequest(HealthProbe.ONE_TOKEN, deployment, false);
    } catch (RuntimeException e) {
      return Future.succeededFuture(failed(state, adapter.classify(e), "the completion request"));
    }
    String line = UpstreamCall.requestLine(request);
    return UpstreamCall.send(vertx, provider, request).map(response -> {
      if (response.status() / 100 != 2) {
        return failed(state, adapter.classify(response), line);
      }
      try {
        ChatResponse answer = adapter.chatResponse(response, HealthProbe.ONE_TOKEN, deployment);
        return StepResult.ok(NAME, line + " for model " + deployment.model() + " answered HTTP " + response.status()
            + (answer.model() == null ? "" : ", served by " + answer.model()) + ", "
            + answer.usage().completionTokens() + (answer.usage().completionTokens() == 1 ? " completion token"
            : " completion tokens"));
      } catch (RuntimeException e) {
        return failed(state, adapter.classify(e), line);
      }
    }).recover(error -> Future.succeededFuture(failed(state, adapter.classify(error), line)));
  }

  private static StepResult failed(CheckState state, Failure classified, String line) {
    Failure failure = UpstreamCall.asProbeFailure(classified);
    return StepResult.fail(NAME, failure.reason(), line + " for model " + state.target.deployment().model() + ": "
        + failure.message(), state.hints.completion(state.target, failure, state.listedModels()));
  }

  @Override
  public long timeoutMs(CheckState state) {
    return UpstreamCall.timeoutMs(state.target.provider()) + BlockingStep.GRACE_MS;
  }

  @Override
  public StepResult timedOut(CheckState state, long ms) {
    Failure failure = Failure.of(FailureClass.READ_TIMEOUT, 0, "no answer within " + ms + " ms");
    return StepResult.fail(NAME, failure.reason(), failure.message(),
        state.hints.completion(state.target, failure, state.listedModels()));
  }
}
