package dev.switchboard.provider.mock;

import dev.switchboard.provider.UpstreamExchange;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.List;

/** An in-process response whose body chunks are delivered on the caller's event loop, honouring pause/resume. */
final class MockExchange implements UpstreamExchange {
  private final Vertx vertx;
  private final Context context;
  private final int status;
  private final MultiMap headers;
  private final ArrayDeque<Buffer> chunks;
  private final long intervalMs;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private boolean paused = true;
  private boolean scheduled;
  private boolean cancelled;

  MockExchange(Vertx vertx, int status, MultiMap headers, List<Buffer> chunks, long intervalMs) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.status = status;
    this.headers = headers;
    this.chunks = new ArrayDeque<>(chunks);
    this.intervalMs = intervalMs;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public MultiMap headers() {
    return headers;
  }

  @Override
  public Future<Buffer> body() {
    Buffer all = Buffer.buffer();
    chunks.forEach(all::appendBuffer);
    chunks.clear();
    return Future.succeededFuture(all);
  }

  @Override
  public UpstreamExchange handler(Handler<Buffer> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public UpstreamExchange endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    return this;
  }

  @Override
  public UpstreamExchange exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    paused = false;
    schedule();
  }

  @Override
  public void cancel() {
    cancelled = true;
    chunks.clear();
  }

  private void schedule() {
    if (scheduled || paused || cancelled) {
      return;
    }
    scheduled = true;
    if (intervalMs > 0 && !chunks.isEmpty()) {
      vertx.setTimer(intervalMs, id -> context.runOnContext(v -> deliver()));
    } else {
      context.runOnContext(v -> deliver());
    }
  }

  private void deliver() {
    scheduled = false;
    if (paused || cancelled) {
      return;
    }
    Buffer next = chunks.poll();
    if (next != null) {
      if (handler != null) {
        handler.handle(next);
      }
      schedule();
    } else if (endHandler != null) {
      Handler<Void> end = endHandler;
      endHandler = null;
      end.handle(null);
    }
  }
}
