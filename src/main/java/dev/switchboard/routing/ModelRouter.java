package dev.switchboard.routing;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.config.RoutingConfig;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.UpstreamExchange;
import dev.switchboard.provider.UpstreamFailureException;
import dev.switchboard.provider.UpstreamRequest;
import dev.switchboard.routing.health.HealthRegistry;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Sends a request to a model group: the {@link Planner} decides which deployments may take it, an
 * {@link AttemptSequence} paces the attempts (failover to other deployments first, backoff, retry budget,
 * deadline), and every outcome feeds the deployment's health. A caller fault never fails over and never
 * counts against health. Streams fail over until their first content event arrives (the commit point).
 */
public final class ModelRouter {
  private static final Predicate<Target> ANY = t -> true;
  private static final Predicate<Target> EMBEDDINGS = t -> t.provider().embeddings().isPresent();

  private final Vertx vertx;
  private final RoutingConfig routing;
  private final Map<String, ModelGroup> groups;
  private final HealthRegistry health;
  private final Planner planner;
  private final RetryBudget budget;
  private final RouterEvents events;

  public ModelRouter(Vertx vertx, RoutingConfig routing, Map<String, ModelGroup> groups, HealthRegistry health) {
    this(vertx, routing, groups, health, RouterEvents.NONE);
  }

  public ModelRouter(Vertx vertx, RoutingConfig routing, Map<String, ModelGroup> groups, HealthRegistry health,
                     RouterEvents events) {
    this.vertx = vertx;
    this.routing = routing;
    this.groups = Map.copyOf(groups);
    this.health = health;
    this.planner = new Planner(this.groups, health);
    this.budget = new RetryBudget(routing.retry(), health.clock());
    this.events = events;
  }

  public Optional<ModelGroup> group(String publicModel) {
    return Optional.ofNullable(groups.get(publicModel));
  }

  public Set<String> modelNames() {
    return groups.keySet();
  }

  public Map<String, ModelGroup> groups() {
    return groups;
  }

  public HealthRegistry health() {
    return health;
  }

  /** The plan a chat request gets (for tests and diagnostics). */
  Plan plan(ChatRequest request, ModelGroup group) {
    return planner.plan(request, group);
  }

  /** A non-streamed chat completion whose attempts carry {@code forward}. */
  public Future<Routed<ChatResponse>> complete(ChatRequest request, ModelGroup group, Forward forward) {
    AttemptSequence attempts = new AttemptSequence(routing, health, budget, group, planner.plan(request, group), events, forward);
    return run(group, attempts, ANY, new UnaryCall<>() {
      @Override
      public UpstreamRequest request(Target target) {
        return target.provider().adapter().chatRequest(request, target.deployment(), false);
      }

      @Override
      public ChatResponse read(Target target, ProviderAdapter.UpstreamResponse response) {
        return target.provider().adapter().chatResponse(response, request, target.deployment());
      }
    });
  }

  /** An embeddings call, sent only to deployments whose backend serves embeddings, with {@code forward}. */
  public Future<Routed<EmbeddingResponse>> embed(EmbeddingRequest request, ModelGroup group, Forward forward) {
    AttemptSequence attempts = new AttemptSequence(routing, health, budget, group,
        planner.plan(group, EMBEDDINGS), events, forward);
    return run(group, attempts, EMBEDDINGS, new UnaryCall<>() {
      @Override
      public UpstreamRequest request(Target target) {
        return target.provider().embeddings().orElseThrow().embeddingRequest(request, target.deployment());
      }

      @Override
      public EmbeddingResponse read(Target target, ProviderAdapter.UpstreamResponse response) {
        return target.provider().embeddings().orElseThrow().embeddingResponse(response, request, target.deployment());
      }
    });
  }

  /**
   * A streamed completion. The returned future fails (with the error to show the caller) only if no
   * attempt reached the commit point; after that, everything goes to {@code sink}. Every attempt carries
   * {@code forward}.
   */
  public Future<Void> stream(ChatRequest request, ModelGroup group, StreamSink sink, Forward forward) {
    AttemptSequence attempts = new AttemptSequence(routing, health, budget, group, planner.plan(request, group), events, forward);
    Promise<Void> committed = Promise.promise();
    new StreamAttempts(vertx, request, attempts, planner.contextFallbacks(group, ANY), sink, committed).next();
    return committed.future();
  }

  private <T> Future<Routed<T>> run(ModelGroup group, AttemptSequence attempts, Predicate<Target> supports,
                                    UnaryCall<T> call) {
    Promise<Routed<T>> result = Promise.promise();
    next(group, attempts, supports, call, result);
    return result.future();
  }

  private <T> void next(ModelGroup group, AttemptSequence attempts, Predicate<Target> supports, UnaryCall<T> call,
                        Promise<Routed<T>> result) {
    AttemptSequence.Step step = attempts.next();
    if (step instanceof AttemptSequence.Stop stop) {
      result.fail(stop.error());
      return;
    }
    AttemptSequence.Go go = (AttemptSequence.Go) step;
    if (go.delayMs() > 0) {
      vertx.setTimer(go.delayMs(), id -> send(group, attempts, supports, call, go, result));
    } else {
      send(group, attempts, supports, call, go, result);
    }
  }

  private <T> void send(ModelGroup group, AttemptSequence attempts, Predicate<Target> supports, UnaryCall<T> call,
                        AttemptSequence.Go go, Promise<Routed<T>> result) {
    Target target = go.target();
    ProviderAdapter adapter = target.provider().adapter();
    long started = System.nanoTime();
    Promise<ProviderAdapter.UpstreamResponse> answer = Promise.promise();
    AtomicReference<UpstreamExchange> inFlight = new AtomicReference<>();
    long timer = vertx.setTimer(go.timeoutMs(), id -> {
      if (answer.tryFail(new TimeoutException("no complete answer within " + go.timeoutMs() + " ms"))) {
        Optional.ofNullable(inFlight.get()).ifPresent(UpstreamExchange::cancel);
      }
    });
    Future<UpstreamExchange> sent;
    long[] sentAt = {System.nanoTime()};
    Span span = attempts.forward().startAttempt(target, go.number());
    try {
      UpstreamRequest request = attempts.forward().applyTo(call.request(target), span);
      sentAt[0] = System.nanoTime();
      sent = target.provider().transport().send(request, target.provider().config().timeoutMs());
    } catch (UpstreamFailureException unsendable) { // e.g. no access token yet: this attempt fails, others may not
      sent = Future.failedFuture(unsendable);
    } catch (RuntimeException e) {
      vertx.cancelTimer(timer);
      attempts.release(target);
      span.end();
      result.fail(e);
      return;
    }
    sent.compose(exchange -> {
      inFlight.set(exchange);
      if (answer.future().isComplete()) {
        exchange.cancel();
      }
      return exchange.body().map(body -> new ProviderAdapter.UpstreamResponse(exchange.status(), exchange.headers(), body));
    }).onComplete(answer::tryComplete, answer::tryFail);
    answer.future().onComplete(ar -> {
      vertx.cancelTimer(timer);
      attempts.waited(System.nanoTime() - sentAt[0]);
      Failure failure;
      Buffer body = null;
      if (ar.failed()) {
        failure = adapter.classify(ar.cause());
      } else if (ar.result().status() / 100 != 2) {
        failure = adapter.classify(ar.result());
        body = ar.result().body();
      } else {
        try {
          T value = call.read(target, ar.result());
          attempts.succeeded(target, (System.nanoTime() - started) / 1_000_000);
          attempts.release(target);
          Forward.finish(span, null);
          result.complete(new Routed<>(value, target, go.number(), attempts.upstreamNanos()));
          return;
        } catch (RuntimeException e) {
          failure = adapter.classify(e);
        }
      }
      attempts.failed(target, failure);
      attempts.release(target);
      Forward.finish(span, failure);
      if (failure.reason() == FailureClass.CONTEXT_LENGTH_EXCEEDED
          && attempts.reroute(planner.contextFallbacks(group, supports))) {
        next(withoutContextFallbacks(group), attempts, supports, call, result);
      } else if (!failure.retryable()) {
        result.fail(UpstreamErrors.callerError(target, failure, body == null ? Buffer.buffer() : body));
      } else {
        next(group, attempts, supports, call, result);
      }
    });
  }

  private static ModelGroup withoutContextFallbacks(ModelGroup group) {
    return new ModelGroup(group.name(), group.balancer(), group.targets(), group.fallbacks(), java.util.List.of());
  }
}
