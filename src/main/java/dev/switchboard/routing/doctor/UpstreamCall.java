package dev.switchboard.routing.doctor;

import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.UpstreamExchange;
import dev.switchboard.provider.UpstreamRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** Sends one request through a provider's real {@code Transport} and reads the whole answer, within a time limit. */
final class UpstreamCall {
  /** The longest the check request or the completion may take, whatever the provider's {@code timeout_ms}. */
  static final long REQUEST_MAX_MS = 30_000;

  private UpstreamCall() {}

  static long timeoutMs(Provider provider) {
    return Math.min(REQUEST_MAX_MS, provider.config().timeoutMs());
  }

  /** The answer, or a failed future with the transport's error (a {@link TimeoutException} when too slow). */
  static Future<ProviderAdapter.UpstreamResponse> send(Vertx vertx, Provider provider, UpstreamRequest request) {
    long limit = timeoutMs(provider);
    Promise<ProviderAdapter.UpstreamResponse> answer = Promise.promise();
    AtomicReference<UpstreamExchange> inFlight = new AtomicReference<>();
    long timer = vertx.setTimer(limit, id -> {
      if (answer.tryFail(new TimeoutException("no complete answer within " + limit + " ms"))) {
        Optional.ofNullable(inFlight.get()).ifPresent(UpstreamExchange::cancel);
      }
    });
    provider.transport().send(request, limit).compose(exchange -> {
      inFlight.set(exchange);
      if (answer.future().isComplete()) {
        exchange.cancel();
      }
      return exchange.body().map(body -> new ProviderAdapter.UpstreamResponse(exchange.status(), exchange.headers(), body));
    }).onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        answer.tryComplete(ar.result());
      } else {
        answer.tryFail(ar.cause());
      }
    });
    return answer.future();
  }

  /** {@code GET /v1/models}: the method and the URL's path, for messages. */
  static String requestLine(UpstreamRequest request) {
    try {
      String path = URI.create(request.url()).getRawPath();
      return request.method() + " " + (path == null || path.isEmpty() ? "/" : path);
    } catch (IllegalArgumentException e) {
      return request.method() + " " + request.url();
    }
  }

  /**
   * A failure as the doctor reports it: a 4xx the gateway would blame on its caller means, for the doctor's
   * own well-formed probe, that the deployment is misconfigured, so it is reported as {@code health_check_failed}.
   */
  static Failure asProbeFailure(Failure failure) {
    if (!failure.reason().isCallerFault()) {
      return failure;
    }
    return new Failure(FailureClass.HEALTH_CHECK_FAILED, true, failure.status(), failure.message(),
        failure.retryAfterMs());
  }
}
