package dev.switchboard.provider;

import io.vertx.core.Future;

/**
 * Carries an {@link UpstreamRequest} to the backend and hands back the response head with its body
 * still unread, so the caller can aggregate it or stream it with backpressure.
 */
public interface Transport {

  /** Sends the request; the future completes when the response status and headers arrive. */
  Future<UpstreamExchange> send(UpstreamRequest request, long readTimeoutMs);

  /** Releases pooled connections. */
  Future<Void> close();
}
