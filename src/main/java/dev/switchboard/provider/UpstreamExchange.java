package dev.switchboard.provider;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * One upstream response in flight. It starts paused: set the handlers, then call {@link #resume()}
 * (or use {@link #body()} to read it whole). All callbacks run on the caller's event loop.
 */
public interface UpstreamExchange {

  int status();

  MultiMap headers();

  /** Reads the whole body. */
  Future<Buffer> body();

  UpstreamExchange handler(Handler<Buffer> handler);

  UpstreamExchange endHandler(Handler<Void> handler);

  UpstreamExchange exceptionHandler(Handler<Throwable> handler);

  /** Stops delivering body chunks until {@link #resume()} (backpressure). */
  void pause();

  void resume();

  /** Aborts the request, e.g. when the client went away; no further callbacks are made. */
  void cancel();
}
