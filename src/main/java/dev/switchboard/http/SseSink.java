package dev.switchboard.http;

import dev.switchboard.routing.StreamSink;
import dev.switchboard.routing.Target;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * What every server-sent-event answer shares: the committed head (status, SSE headers, routing headers, overhead),
 * backpressure and disconnect wiring, and the deployment and attempt that serve it (for billing at the end).
 */
abstract class SseSink implements StreamSink {
  protected final HttpServerResponse response;
  protected final RequestLog log;
  protected final Billing billing;
  protected Target target;
  protected int attempt;
  /** Frames of the current upstream read, sent together by {@link #flush()}. */
  private Buffer pending = Buffer.buffer();

  SseSink(HttpServerResponse response, RequestLog log, Billing billing) {
    this.response = response;
    this.log = log;
    this.billing = billing;
  }

  @Override
  public void start(Target served, int attempts, long upstreamNanos) {
    this.target = served;
    this.attempt = attempts;
    log.served(served, attempts);
    response.setStatusCode(200)
        .setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-accel-buffering", "no")
        .putHeader(Headers.PROVIDER, log.provider)
        .putHeader(Headers.DEPLOYMENT, log.deployment)
        .putHeader(Headers.ATTEMPTS, String.valueOf(attempts))
        .putHeader(Headers.OVERHEAD, log.overhead(upstreamNanos));
    log.firstTokenNanos = System.nanoTime() - log.startNanos;
  }

  @Override
  public boolean writeQueueFull() {
    return !response.closed() && response.writeQueueFull();
  }

  @Override
  public void onDrain(Runnable resume) {
    response.drainHandler(v -> resume.run());
  }

  @Override
  public void onClose(Runnable cancel) {
    response.closeHandler(v -> {
      if (!response.ended()) {
        cancel.run();
      }
    });
  }

  /** Holds {@code json} as one {@code data:} frame until {@link #flush()}. */
  protected void hold(String json) {
    pending.appendString("data: ").appendString(json).appendString("\n\n");
  }

  @Override
  public void flush() {
    if (pending.length() > 0) {
      Buffer out = pending;
      pending = Buffer.buffer();
      if (!response.closed()) {
        response.write(out);
      }
    }
  }

  /** One {@code data:} frame. */
  protected static Buffer frame(String json) {
    return Buffer.buffer("data: " + json + "\n\n");
  }
}
