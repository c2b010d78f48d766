package dev.switchboard.routing;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.config.RoutingConfig;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.UpstreamExchange;
import dev.switchboard.provider.UpstreamRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * Sends a request to a model group: orders its deployments, tries them one after another on retryable
 * failures (then the group's fallbacks) up to {@code routing.max_attempts}, and never fails over on a
 * caller error. Streams fail over until their first content event arrives (the commit point).
 */
public final class ModelRouter {
  private final Vertx vertx;
  private final RoutingConfig routing;
  private final Map<String, ModelGroup> groups;
  private final Clock clock;

  public ModelRouter(Vertx vertx, RoutingConfig routing, Map<String, ModelGroup> groups, Clock clock) {
    this.vertx = vertx;
    this.routing = routing;
    this.groups = Map.copyOf(groups);
    this.clock = clock;
  }

  public Optional<ModelGroup> group(String publicModel) {
    return Optional.ofNullable(groups.get(publicModel));
  }

  public Set<String> modelNames() {
    return groups.keySet();
  }

  /** The deployments to try, in order: the group's, then each fallback group's, each deployment once. */
  List<Target> plan(ModelGroup group) {
    return cut(candidates(group, group.fallbacks()));
  }

  /**
   * The plan for a chat request: like {@link #plan(ModelGroup)} but without deployments the catalog says
   * cannot take it; when none can because the prompt is too long, the group's {@code context_fallbacks}.
   *
   * @throws GatewayError 400 naming every deployment and why it cannot serve the request
   */
  List<Target> plan(ChatRequest request, ModelGroup group) {
    int[] promptTokens = {-1};
    IntSupplier tokens = () -> promptTokens[0] >= 0 ? promptTokens[0]
        : (promptTokens[0] = TokenEstimate.ofMessages(request.messages()));
    List<Fit.Misfit> misfits = new ArrayList<>();
    List<Target> fits = fitting(request, candidates(group, group.fallbacks()), tokens, misfits);
    if (fits.isEmpty() && misfits.stream().anyMatch(Fit.Misfit::context) && !group.contextFallbacks().isEmpty()) {
      fits = fitting(request, candidates(null, group.contextFallbacks()), tokens, misfits);
    }
    if (fits.isEmpty()) {
      boolean context = misfits.stream().allMatch(Fit.Misfit::context);
      String why = misfits.stream().map(m -> m.target().deployment().id() + " " + m.reason())
          .distinct().collect(Collectors.joining("; "));
      throw new GatewayError(400, "invalid_request_error", context ? "context_length_exceeded" : "model_cannot_serve",
          "messages", "model '" + group.name() + "' cannot serve this request: " + why, Map.of(), Map.of());
    }
    return cut(fits);
  }

  /** Where a request goes when an upstream says its prompt is longer than the context window. */
  List<Target> contextPlan(ModelGroup group) {
    return cut(candidates(null, group.contextFallbacks()));
  }

  private static List<Target> fitting(ChatRequest request, List<Target> candidates, IntSupplier tokens,
                                      List<Fit.Misfit> misfits) {
    List<Target> fits = new ArrayList<>();
    for (Target t : candidates) {
      Fit.Misfit misfit = Fit.check(request, t, tokens);
      if (misfit == null) {
        fits.add(t);
      } else {
        misfits.add(misfit);
      }
    }
    return fits;
  }

  private List<Target> candidates(ModelGroup group, List<String> others) {
    Set<Target> out = new LinkedHashSet<>();
    if (group != null) {
      out.addAll(group.balancer().order(group.targets()));
    }
    for (String name : others) {
      ModelGroup next = groups.get(name);
      if (next != null) {
        out.addAll(next.balancer().order(next.targets()));
      }
    }
    return new ArrayList<>(out);
  }

  private List<Target> cut(List<Target> plan) {
    return plan.size() > routing.maxAttempts() ? plan.subList(0, routing.maxAttempts()) : plan;
  }

  /** A non-streamed chat completion. */
  public Future<Routed<ChatResponse>> complete(ChatRequest request, ModelGroup group) {
    return call(group, plan(request, group), new UnaryCall<>() {
      @Override
      public boolean supports(Target target) {
        return true;
      }

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

  /** An embeddings call, sent only to deployments whose backend serves embeddings. */
  public Future<Routed<EmbeddingResponse>> embed(EmbeddingRequest request, ModelGroup group) {
    return call(group, plan(group), new UnaryCall<>() {
      @Override
      public boolean supports(Target target) {
        return target.provider().embeddings().isPresent();
      }

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

  private <T> Future<Routed<T>> call(ModelGroup group, List<Target> candidates, UnaryCall<T> call) {
    List<Target> plan = candidates.stream().filter(call::supports).toList();
    if (plan.isEmpty()) {
      return Future.failedFuture(GatewayError.invalidRequest("model",
          "model '" + group.name() + "' has no deployment that serves this kind of request"));
    }
    Promise<Routed<T>> result = Promise.promise();
    nextAttempt(call, group, plan.iterator(), new ArrayList<>(), result);
    return result.future();
  }

  private <T> void nextAttempt(UnaryCall<T> call, ModelGroup group, Iterator<Target> plan, List<AttemptRecord> failed,
                               Promise<Routed<T>> result) {
    if (!plan.hasNext()) {
      result.fail(UpstreamErrors.exhausted(group.name(), failed));
      return;
    }
    Target target = plan.next();
    int attempt = failed.size() + 1;
    ProviderAdapter adapter = target.provider().adapter();
    Promise<ProviderAdapter.UpstreamResponse> answer = Promise.promise();
    AtomicReference<UpstreamExchange> inFlight = new AtomicReference<>();
    long timer = vertx.setTimer(routing.attemptTimeoutMs(), id -> {
      if (answer.tryFail(new TimeoutException("no complete answer within routing.attempt_timeout_ms="
          + routing.attemptTimeoutMs()))) {
        Optional.ofNullable(inFlight.get()).ifPresent(UpstreamExchange::cancel);
      }
    });
    target.provider().transport().send(call.request(target), target.provider().config().timeoutMs()).compose(exchange -> {
      inFlight.set(exchange);
      if (answer.future().isComplete()) {
        exchange.cancel();
      }
      return exchange.body().map(body -> new ProviderAdapter.UpstreamResponse(exchange.status(), exchange.headers(), body));
    }).onComplete(answer::tryComplete, answer::tryFail);
    answer.future().onComplete(ar -> {
      vertx.cancelTimer(timer);
      Failure failure;
      Buffer body = null;
      if (ar.failed()) {
        failure = adapter.classify(ar.cause());
      } else if (ar.result().status() / 100 != 2) {
        failure = adapter.classify(ar.result());
        body = ar.result().body();
      } else {
        try {
          result.complete(new Routed<>(call.read(target, ar.result()), target, attempt));
          return;
        } catch (RuntimeException e) {
          failure = adapter.classify(e);
        }
      }
      if (failure.reason() == FailureClass.CONTEXT_LENGTH_EXCEEDED && !group.contextFallbacks().isEmpty()) {
        failed.add(new AttemptRecord(target, failure, clock.instant()));
        ModelGroup withoutContextFallbacks = new ModelGroup(group.name(), group.balancer(), group.targets(),
            group.fallbacks(), List.of());
        nextAttempt(call, withoutContextFallbacks, contextPlan(group).stream().filter(call::supports).iterator(), failed,
            result);
        return;
      }
      if (!failure.retryable()) {
        result.fail(UpstreamErrors.callerError(target, failure, body == null ? Buffer.buffer() : body));
        return;
      }
      failed.add(new AttemptRecord(target, failure, clock.instant()));
      nextAttempt(call, group, plan, failed, result);
    });
  }

  /**
   * A streamed completion. The returned future fails (with the error to show the caller) only if no
   * attempt reached the commit point; after that, everything goes to {@code sink}.
   */
  public Future<Void> stream(ChatRequest request, ModelGroup group, StreamSink sink) {
    Promise<Void> committed = Promise.promise();
    StreamAttempts attempts = new StreamAttempts(vertx, routing, clock, request, group, plan(request, group),
        contextPlan(group), sink, committed);
    attempts.next();
    return committed.future();
  }

  /** A caller-fault failure becomes the upstream's status and message; anything else is the exhausted answer. */
  static GatewayError finalError(String model, List<AttemptRecord> failed, AttemptRecord callerFault, Buffer body) {
    if (callerFault != null) {
      return UpstreamErrors.callerError(callerFault.target(), callerFault.failure(), body);
    }
    if (failed.isEmpty()) {
      Failure none = Failure.of(FailureClass.HEALTH_CHECK_FAILED, 0, "no deployment to try");
      return GatewayError.upstream(502, "upstream_error", "model '" + model + "': " + none.message(), Map.of(), List.of());
    }
    return UpstreamErrors.exhausted(model, failed);
  }
}
