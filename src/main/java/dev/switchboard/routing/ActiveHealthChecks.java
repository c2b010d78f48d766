package dev.switchboard.routing;

import dev.switchboard.config.DeploymentConfig;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ModelGroupConfig;
import dev.switchboard.config.RoutingConfig;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.UpstreamFailureException;
import dev.switchboard.provider.UpstreamRequest;
import dev.switchboard.routing.health.DeploymentHealth;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * Active health checks: every {@code routing.health.active.interval_ms} each checked deployment gets its adapter's
 * cheap authenticated request ({@link ProviderAdapter#healthCheckRequest}), bounded by {@code timeout_ms}. A 2xx
 * answer is a pass; anything else is classified like a real attempt. Results go to the deployment's health, the
 * same state passive outlier detection writes (Envoy's split). First checks are spread over one interval so
 * deployments are not all probed at once. Deployments with {@code health_check: false} are never probed.
 */
public final class ActiveHealthChecks implements AutoCloseable {
  private final Vertx vertx;
  private final RoutingConfig.Active config;
  private final ModelRouter router;
  private final List<Target> targets;
  /** The pending timer of each probed deployment, by deployment id. */
  private final Map<String, Long> timers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private ActiveHealthChecks(Vertx vertx, RoutingConfig.Active config, ModelRouter router, List<Target> targets) {
    this.vertx = vertx;
    this.config = config;
    this.router = router;
    this.targets = targets;
  }

  /** Starts the checks of every deployment in {@code router} that the configuration does not exclude. */
  public static ActiveHealthChecks start(Vertx vertx, GatewayConfig config, ModelRouter router) {
    Set<String> excluded = new HashSet<>();
    for (ModelGroupConfig group : config.models().values()) {
      for (DeploymentConfig d : group.deployments()) {
        if (!d.healthCheck()) {
          excluded.add(d.provider() + "/" + d.model());
        }
      }
    }
    Map<String, Target> distinct = new LinkedHashMap<>();
    router.groups().values().forEach(g -> g.targets().forEach(t -> distinct.putIfAbsent(t.deployment().id(), t)));
    List<Target> checked = distinct.values().stream().filter(t -> !excluded.contains(t.deployment().id())).toList();
    ActiveHealthChecks checks = new ActiveHealthChecks(vertx, config.routing().active(), router, checked);
    if (config.routing().active().enabled()) {
      checks.schedule();
    }
    return checks;
  }

  /** The deployments probed. */
  public List<Target> targets() {
    return targets;
  }

  private void schedule() {
    long interval = config.intervalMs();
    for (Target target : targets) {
      long first = 1 + ThreadLocalRandom.current().nextLong(interval);
      timers.put(target.deployment().id(), vertx.setTimer(first, id -> loop(target)));
    }
  }

  private void loop(Target target) {
    if (closed) {
      return;
    }
    probe(target).onComplete(done -> {
      if (!closed) {
        timers.put(target.deployment().id(), vertx.setTimer(config.intervalMs(), id -> loop(target)));
      }
    });
  }

  /** Runs one check of {@code target} now and records its outcome; the future completes when it is recorded. */
  public Future<Void> probe(Target target) {
    DeploymentHealth health = router.health().of(target.deployment().id());
    ProviderAdapter adapter = target.provider().adapter();
    UpstreamRequest request;
    try {
      request = adapter.healthCheckRequest(target.deployment());
    } catch (UpstreamFailureException e) { // e.g. no access token: the check fails for the adapter's reason
      health.probeFailed(e.failure());
      return Future.succeededFuture();
    } catch (RuntimeException e) {
      health.probeFailed(Failure.of(FailureClass.HEALTH_CHECK_FAILED, 0, "cannot build the check: " + e.getMessage()));
      return Future.succeededFuture();
    }
    Promise<ProviderAdapter.UpstreamResponse> answer = Promise.promise();
    long timer = vertx.setTimer(config.timeoutMs(), id ->
        answer.tryFail(new TimeoutException("no answer within routing.health.active.timeout_ms=" + config.timeoutMs())));
    target.provider().transport().send(request, config.timeoutMs())
        .compose(exchange -> {
          if (answer.future().isComplete()) {
            exchange.cancel();
          }
          return exchange.body().map(body -> new ProviderAdapter.UpstreamResponse(exchange.status(),
              exchange.headers(), body)).onFailure(e -> exchange.cancel());
        })
        .onComplete(answer::tryComplete, answer::tryFail);
    return answer.future().transform(ar -> {
      vertx.cancelTimer(timer);
      if (ar.failed()) {
        health.probeFailed(adapter.classify(ar.cause()));
      } else if (ar.result().status() / 100 == 2) {
        health.probePassed();
      } else {
        health.probeFailed(adapter.classify(ar.result()));
      }
      return Future.succeededFuture();
    });
  }

  @Override
  public void close() {
    closed = true;
    timers.values().forEach(vertx::cancelTimer);
    timers.clear();
  }
}
