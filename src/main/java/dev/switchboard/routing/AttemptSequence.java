package dev.switchboard.routing;

import dev.switchboard.api.GatewayError;
import dev.switchboard.config.RoutingConfig;
import dev.switchboard.provider.Failure;
import dev.switchboard.routing.health.DeploymentHealth;
import dev.switchboard.routing.health.HealthRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The attempts of one request: which deployment goes next, after what pause and with what timeout, within
 * {@code max_attempts}, the deadline and the retry budget. Different deployments are tried before any is
 * tried again; going back to one already tried waits a jittered exponential backoff. Confined to one event loop.
 */
final class AttemptSequence {
  /** What to do next. */
  sealed interface Step permits Go, Stop {}

  /** Send attempt {@code number} to {@code target} after {@code delayMs}, bounded by {@code timeoutMs}. */
  record Go(Target target, int number, long delayMs, long timeoutMs) implements Step {}

  /** No more attempts: answer with {@code error}. */
  record Stop(GatewayError error) implements Step {}

  private final RoutingConfig routing;
  private final HealthRegistry health;
  private final RetryBudget budget;
  private final Clock clock;
  private final String model;
  private final Set<Target> own;
  private final RouterEvents events;
  private final Forward forward;
  private final long deadlineAt;
  private Plan plan;
  private int cursor;
  private int attempts;
  private int repeats;
  private boolean budgetSpent;
  private long upstreamNanos;
  private final Set<Target> tried = new HashSet<>();
  private final List<AttemptRecord> failures = new ArrayList<>();

  AttemptSequence(RoutingConfig routing, HealthRegistry health, RetryBudget budget, ModelGroup group, Plan plan,
                  RouterEvents events, Forward forward) {
    this.forward = forward;
    this.routing = routing;
    this.health = health;
    this.budget = budget;
    this.clock = health.clock();
    this.model = group.name();
    this.own = Set.copyOf(group.targets());
    this.events = events;
    this.plan = plan;
    this.deadlineAt = clock.millis() + routing.deadlineMs();
    budget.deposit();
  }

  Step next() {
    long remaining = deadlineAt - clock.millis();
    if (attempts > 0 && remaining <= 0) {
      return new Stop(UpstreamErrors.deadline(model, routing.deadlineMs(), failures));
    }
    if (attempts >= routing.maxAttempts() || (plan.panic() && attempts > 0)) {
      return new Stop(exhausted());
    }
    List<Target> targets = plan.targets();
    for (int i = 0; i < targets.size(); i++) {
      Target target = targets.get(cursor++ % targets.size());
      DeploymentHealth h = health.of(target.deployment().id());
      if (!h.acquire(plan.panic())) {
        continue;
      }
      if (attempts > 0 && !budget.tryRetry()) {
        h.release();
        budgetSpent = true;
        return new Stop(exhausted());
      }
      long delay = tried.contains(target) ? Math.min(backoff(repeats++), Math.max(0, remaining)) : 0;
      upstreamNanos += delay * 1_000_000;
      attempts++;
      tried.add(target);
      events.attempt(model, target, attempts > 1, !own.contains(target));
      return new Go(target, attempts, delay, Math.max(1, Math.min(routing.attemptTimeoutMs(), remaining - delay)));
    }
    return new Stop(failures.isEmpty() ? UpstreamErrors.noHealthyUpstream(model, plan.considered(), health)
        : exhausted());
  }

  /** The attempt to {@code target} answered after {@code latencyMs} (a stream: its first token). */
  void succeeded(Target target, long latencyMs) {
    health.of(target.deployment().id()).succeeded(latencyMs);
  }

  /** The attempt to {@code target} failed; caller faults are not held against the deployment. */
  void failed(Target target, Failure failure) {
    health.of(target.deployment().id()).failed(failure);
    events.attemptFailed(model, target, failure.reason());
    failures.add(new AttemptRecord(target, failure, clock.instant()));
  }

  /** The attempt to {@code target} is over, whatever happened; exactly once per {@link Go}. */
  void release(Target target) {
    health.of(target.deployment().id()).release();
  }

  /** Sends the remaining attempts to other deployments (the context fallbacks); returns false when there are none. */
  boolean reroute(List<Target> targets) {
    if (targets.isEmpty()) {
      return false;
    }
    plan = new Plan(targets, false, targets);
    cursor = 0;
    return true;
  }

  /** Time spent waiting for an upstream (from sending an attempt to its answer, or to its failure). */
  void waited(long nanos) {
    upstreamNanos += nanos;
  }

  /** Time spent waiting on upstreams and in backoff so far: the part of a request's latency that is not the gateway's. */
  long upstreamNanos() {
    return upstreamNanos;
  }

  /** What every attempt of this request carries upstream (trace context). */
  Forward forward() {
    return forward;
  }

  int attempts() {
    return attempts;
  }

  private GatewayError exhausted() {
    if (plan.panic()) {
      return UpstreamErrors.noHealthyUpstream(model, plan.considered(), health);
    }
    GatewayError error = UpstreamErrors.exhausted(model, failures, health);
    if (!budgetSpent) {
      return error;
    }
    return new GatewayError(error.status(), error.type(), error.code(), error.param(),
        error.getMessage() + " (no further retry: the retry budget is spent)", error.headers(), error.details());
  }

  private long backoff(int repeat) {
    RoutingConfig.Retry retry = routing.retry();
    long ceiling = Math.min(retry.backoffMaxMs(), retry.backoffBaseMs() << Math.min(repeat, 20));
    return ceiling <= 0 ? 0 : ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }
}
