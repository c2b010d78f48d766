package dev.switchboard.provider.vertex;

import dev.switchboard.provider.Transport;
import dev.switchboard.provider.UpstreamExchange;
import dev.switchboard.provider.UpstreamRequest;
import io.vertx.core.Future;

/** The provider's HTTP transport, whose {@link #close()} also stops the background token refresh. */
final class VertexTransport implements Transport {
  private final Transport http;
  private final AccessTokens tokens;

  VertexTransport(Transport http, AccessTokens tokens) {
    this.http = http;
    this.tokens = tokens;
  }

  @Override
  public Future<UpstreamExchange> send(UpstreamRequest request, long readTimeoutMs) {
    return http.send(request, readTimeoutMs);
  }

  @Override
  public Future<Void> close() {
    tokens.close();
    return http.close();
  }
}
