package dev.switchboard.http;

import dev.switchboard.api.Usage;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.StreamEvent;
import dev.switchboard.routing.StreamSink;
import dev.switchboard.routing.Target;
import dev.switchboard.usage.UsageEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Writes a committed stream to the client as OpenAI server-sent events, ending with {@code data: [DONE]}. */
final class SseStreamWriter implements StreamSink {
  private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

  private final HttpServerResponse response;
  private final ChunkJson chunks;
  private final boolean includeUsage;
  private final RequestLog log;
  private final Billing billing;
  private Target target;
  private int attempt;

  SseStreamWriter(HttpServerResponse response, ChunkJson chunks, boolean includeUsage, RequestLog log,
                  Billing billing) {
    this.response = response;
    this.chunks = chunks;
    this.includeUsage = includeUsage;
    this.log = log;
    this.billing = billing;
  }

  @Override
  public void start(Target target, int attempts, long upstreamNanos) {
    this.target = target;
    this.attempt = attempts;
    log.served(target, attempts);
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
  public void event(StreamEvent event) {
    String chunk = chunks.render(event);
    if (chunk != null && !response.closed()) {
      response.write(frame(chunk));
    }
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

  /** Bills what was generated (also when the client left), then ends the stream once the event is journaled. */
  @Override
  public void end(Usage usage) {
    log.usage = usage;
    String status = response.closed() ? UsageEvent.CLIENT_CLOSED : UsageEvent.OK;
    billing.record(log, target, attempt, usage, status).onSuccess(cost -> {
      if (response.closed() || response.ended()) {
        return;
      }
      log.outcome = "ok";
      if (includeUsage) {
        response.write(frame(chunks.usage(Billing.withCost(usage, cost))));
      }
      response.end(DONE);
    });
  }

  /** Bills the tokens produced before the upstream failed, then ends the stream with an error event. */
  @Override
  public void fail(Failure failure, Usage usage) {
    log.usage = usage;
    log.outcome = "upstream_failed_mid_stream";
    billing.record(log, target, attempt, usage, UsageEvent.UPSTREAM_FAILED_MID_STREAM).onSuccess(cost -> {
      if (!response.closed() && !response.ended()) {
        response.end(frame(ChunkJson.error(failure)));
      }
    });
  }

  private static Buffer frame(String json) {
    return Buffer.buffer("data: " + json + "\n\n");
  }
}
