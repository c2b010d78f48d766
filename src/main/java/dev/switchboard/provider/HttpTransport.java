package dev.switchboard.provider;

import dev.switchboard.config.ProviderConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream transport over Vert.x's non-blocking HTTP client: keep-alive connection pools per provider account,
 * connect and read (idle) timeouts, responses handed over paused for streaming.
 *
 * <p>Each event loop gets a client of its own, created on first use, so a request's upstream connection lives on
 * the loop that serves the request: with one shared pool a connection opened by one loop is leased by requests of
 * another, and every event of that exchange crosses threads (measured: a fifth of the throughput). The provider's
 * {@code max_connections} is split evenly between the loops. Work off the event loops uses one more client.
 */
public final class HttpTransport implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
  private final Vertx vertx;
  private final HttpClientOptions options;
  private final PoolOptions pool;
  private final Map<Thread, HttpClientAgent> byEventLoop = new ConcurrentHashMap<>();
  private final HttpClientAgent offLoop;
  private volatile boolean closed;

  public HttpTransport(Vertx vertx, ProviderConfig config) {
    this.vertx = vertx;
    this.options = new HttpClientOptions()
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMs()))
        .setDecompressionSupported(true)
        .setVerifyHost(true);
    if (config.http2()) {
      // many requests share each connection: over TLS offered by ALPN (HTTP/1.1 if the server declines), over
      // plain HTTP spoken from the first byte (h2c prior knowledge)
      options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true).setHttp2ClearTextUpgrade(false);
    }
    int perLoop = ceilDiv(config.maxConnections(), eventLoops(vertx));
    this.pool = new PoolOptions().setHttp1MaxSize(perLoop).setHttp2MaxSize(ceilDiv(perLoop, 100))
        .setMaxWaitQueueSize(-1);
    this.offLoop = newClient();
  }

  private HttpClientAgent newClient() {
    return vertx.httpClientBuilder().with(options).with(pool).build();
  }

  /** The client of the calling event loop (created on its first request), or the shared one off the loops. */
  private HttpClientAgent client() {
    if (closed || !Context.isOnEventLoopThread()) {
      return offLoop; // once closed, it refuses the request instead of a new pool opening
    }
    HttpClientAgent client = byEventLoop.computeIfAbsent(Thread.currentThread(), loop -> newClient());
    if (closed) { // closed while this pool opened: close it too
      client.close();
    }
    return client;
  }

  private static int eventLoops(Vertx vertx) {
    int loops = 0;
    for (var ignored : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      loops++;
    }
    return Math.max(1, loops);
  }

  private static int ceilDiv(int total, int parts) {
    return Math.max(1, (total + parts - 1) / parts);
  }

  @Override
  public Future<UpstreamExchange> send(UpstreamRequest request, long readTimeoutMs) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.valueOf(request.method()))
        .setAbsoluteURI(request.url())
        .setIdleTimeout(readTimeoutMs);
    request.headers().forEach(options::putHeader);
    return client().request(options).compose(req -> req.send(request.body()).map(resp -> {
      resp.pause();
      return (UpstreamExchange) new Exchange(req, resp);
    }));
  }

  @Override
  public Future<Void> close() {
    closed = true;
    List<Future<Void>> closing = new ArrayList<>();
    byEventLoop.values().forEach(c -> closing.add(c.close()));
    closing.add(offLoop.close());
    return Future.all(closing).mapEmpty();
  }

  /** What a cancelled exchange still reports (the reset it asked for): noted at debug level only. */
  private static final Handler<Throwable> CANCELLED =
      e -> LOG.debug("cancelled upstream exchange ended: {}", e.toString());

  private static final class Exchange implements UpstreamExchange {
    private final HttpClientRequest request;
    private final HttpClientResponse response;
    /** The whole response arrived (through {@link #body} or {@link #endHandler}); Vert.x takes no handlers after. */
    private boolean ended;

    Exchange(HttpClientRequest request, HttpClientResponse response) {
      this.request = request;
      this.response = response;
    }

    @Override
    public int status() {
      return response.statusCode();
    }

    @Override
    public MultiMap headers() {
      return response.headers();
    }

    @Override
    public Future<Buffer> body() {
      // the response is handed over paused; body() only collects, so let the data flow again
      Future<Buffer> body = response.body().onSuccess(b -> ended = true);
      response.resume();
      return body;
    }

    @Override
    public UpstreamExchange handler(Handler<Buffer> handler) {
      response.handler(handler);
      return this;
    }

    @Override
    public UpstreamExchange endHandler(Handler<Void> handler) {
      response.endHandler(v -> {
        ended = true;
        handler.handle(v);
      });
      return this;
    }

    @Override
    public UpstreamExchange exceptionHandler(Handler<Throwable> handler) {
      response.exceptionHandler(handler);
      return this;
    }

    @Override
    public void pause() {
      response.pause();
    }

    @Override
    public void resume() {
      response.resume();
    }

    @Override
    public void cancel() {
      if (ended) {
        return; // the upstream already sent everything: nothing to stop, and the connection stays reusable
      }
      // the reset below fails the response: nobody listens any more, and it is expected, not an error to log
      response.handler(null).endHandler(null).exceptionHandler(CANCELLED);
      request.reset();
    }
  }
}
