package dev.switchboard.routing.doctor;

import dev.switchboard.provider.Failure;
import dev.switchboard.provider.Failures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.security.KeyStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Walks each deployment along the path a request takes (dns, tcp, tls, http, auth, completion) and stops at
 * the first failing step. Deployments are checked concurrently; blocking socket work runs on worker threads
 * and every step is bounded by a timeout, so the returned future may be awaited from any thread or composed
 * on an event loop.
 */
public final class Doctor {
  private final Vertx vertx;
  private final FixHints hints;
  private final List<DoctorStep> networkSteps;
  private final List<DoctorStep> requestSteps;

  /**
   * @param unsetVariables the configuration's {@code ${NAME}} placeholders that had no value (named in fixes)
   * @param trustStore     the certificates to trust for the {@code tls} step, or null for the JVM's truststore
   * @param clock          the time certificates are checked against
   */
  public Doctor(Vertx vertx, Set<String> unsetVariables, KeyStore trustStore, Clock clock) {
    this.vertx = vertx;
    this.hints = new FixHints(unsetVariables);
    this.networkSteps = List.of(new DnsStep(vertx), new TcpStep(vertx), new TlsStep(vertx, trustStore, clock),
        new HttpStep(vertx));
    this.requestSteps = List.of(new AuthStep(vertx), new CompletionStep(vertx));
  }

  /** Checks every target; the report keeps their order. */
  public Future<DoctorReport> check(List<DoctorTarget> targets) {
    List<Future<DeploymentReport>> checks = targets.stream().map(this::check).toList();
    return Future.join(checks).map(done -> new DoctorReport(checks.stream().map(Future::result).toList()));
  }

  /** Checks one deployment. The future always succeeds: failures are in the report. */
  public Future<DeploymentReport> check(DoctorTarget target) {
    Optional<Endpoint> endpoint = Endpoint.of(target.provider().config().baseUrl());
    CheckState state = new CheckState(target, hints, endpoint.orElse(null));
    List<StepResult> results = new ArrayList<>();
    List<DoctorStep> steps = new ArrayList<>();
    if (endpoint.isEmpty()) {
      String why = "provider '" + target.providerName() + "' (type " + target.provider().config().type()
          + ") has no http(s) base URL: it answers in-process, there is no network path";
      networkSteps.forEach(step -> results.add(StepResult.skipped(step.name(), why)));
    } else {
      for (DoctorStep step : networkSteps) {
        if (step instanceof TlsStep && !endpoint.get().https()) {
          steps.add(new Skip(step.name(), "the base URL is http://, so the connection is not encrypted"));
        } else {
          steps.add(step);
        }
      }
    }
    steps.addAll(requestSteps);
    Promise<DeploymentReport> report = Promise.promise();
    walk(state, steps, 0, results, report);
    return report.future().eventually(() -> {
      state.close();
      return Future.succeededFuture();
    });
  }

  private void walk(CheckState state, List<DoctorStep> steps, int index, List<StepResult> results,
                    Promise<DeploymentReport> report) {
    if (index == steps.size() || (!results.isEmpty() && results.get(results.size() - 1).failed())) {
      DoctorTarget t = state.target;
      report.complete(new DeploymentReport(t.deployment().id(), t.providerName(), t.deployment().model(), t.groups(),
          results));
      return;
    }
    DoctorStep step = steps.get(index);
    long started = System.nanoTime();
    long limit = step.timeoutMs(state);
    Promise<StepResult> outcome = Promise.promise();
    long timer = vertx.setTimer(limit, id -> outcome.tryComplete(step.timedOut(state, limit)));
    Future<StepResult> running;
    try {
      running = step.run(state);
    } catch (RuntimeException e) {
      running = Future.failedFuture(e);
    }
    running.onComplete(ar -> {
      vertx.cancelTimer(timer);
      outcome.tryComplete(ar.succeeded() ? ar.result() : crashed(step, ar.cause()));
    });
    outcome.future().onSuccess(result -> {
      results.add(result.took((System.nanoTime() - started) / 1_000_000));
      walk(state, steps, index + 1, results, report);
    });
  }

  private static StepResult crashed(DoctorStep step, Throwable error) {
    Failure failure = Failures.fromThrowable(error);
    return StepResult.fail(step.name(), failure.reason(), failure.message(),
        "an unexpected error stopped this step; run the doctor again, and report it if it persists");
  }

  /** A step that does not apply to this deployment (e.g. {@code tls} for an {@code http://} base URL). */
  private record Skip(String name, String why) implements DoctorStep {
    @Override
    public Future<StepResult> run(CheckState state) {
      return Future.succeededFuture(StepResult.skipped(name, why));
    }

    @Override
    public long timeoutMs(CheckState state) {
      return BlockingStep.GRACE_MS;
    }

    @Override
    public StepResult timedOut(CheckState state, long ms) {
      return StepResult.skipped(name, why);
    }
  }
}
