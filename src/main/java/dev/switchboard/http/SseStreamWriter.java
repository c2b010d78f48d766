package dev.switchboard.http;

import dev.switchboard.api.Usage;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.StreamEvent;
import dev.switchboard.usage.UsageEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Writes a committed stream to the client as OpenAI server-sent events, ending with {@code data: [DONE]}. */
final class SseStreamWriter extends SseSink {
  private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

  private final ChunkJson chunks;
  private final boolean includeUsage;

  SseStreamWriter(HttpServerResponse response, ChunkJson chunks, boolean includeUsage, RequestLog log,
                  Billing billing) {
    super(response, log, billing);
    this.chunks = chunks;
    this.includeUsage = includeUsage;
  }

  @Override
  public void event(StreamEvent event) {
    String chunk = chunks.render(event);
    if (chunk != null) {
      hold(chunk);
    }
  }

  /** Bills what was generated (also when the client left), then ends the stream once the event is journaled. */
  @Override
  public void end(Usage usage) {
    flush();
    log.usage = usage;
    String status = response.closed() ? UsageEvent.CLIENT_CLOSED : UsageEvent.OK;
    billing.record(log, target, attempt, usage, status).onSuccess(cost -> {
      if (response.closed() || response.ended()) {
        return;
      }
      log.outcome = "ok";
      response.end(includeUsage ? frame(chunks.usage(Billing.withCost(usage, cost))).appendBuffer(DONE) : DONE);
    });
  }

  /** Bills the tokens produced before the upstream failed, then ends the stream with an error event. */
  @Override
  public void fail(Failure failure, Usage usage) {
    flush();
    log.usage = usage;
    log.outcome = "upstream_failed_mid_stream";
    billing.record(log, target, attempt, usage, UsageEvent.UPSTREAM_FAILED_MID_STREAM).onSuccess(cost -> {
      if (!response.closed() && !response.ended()) {
        response.end(frame(ChunkJson.error(failure)));
      }
    });
  }

}
