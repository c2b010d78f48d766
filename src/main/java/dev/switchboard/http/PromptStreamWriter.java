package dev.switchboard.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.Json;
import dev.switchboard.api.Usage;
import dev.switchboard.prompt.Prompt;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.StreamEvent;
import dev.switchboard.routing.StreamSink;
import dev.switchboard.routing.Target;
import dev.switchboard.usage.Pricing;
import dev.switchboard.usage.UsageEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A streamed prompt call as server-sent events of plain JSON: {@code {"type":"delta","text"}} for each piece of
 * the reply, then {@code {"type":"done","id","prompt","version","model","usage"}}; a failure after the first
 * piece ends with {@code {"type":"error","error":{...}}}.
 */
final class PromptStreamWriter implements StreamSink {
  private final HttpServerResponse response;
  private final RequestLog log;
  private final Prompt prompt;
  private final String id;
  private final Billing billing;
  private Target target;
  private int attempt;

  PromptStreamWriter(HttpServerResponse response, RequestLog log, Prompt prompt, String id, Billing billing) {
    this.response = response;
    this.log = log;
    this.prompt = prompt;
    this.id = id;
    this.billing = billing;
  }

  @Override
  public void start(Target target, int attempts, long upstreamNanos) {
    this.target = target;
    this.attempt = attempts;
    log.served(target, attempts);
    response.setStatusCode(200).setChunked(true)
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
    if (event instanceof StreamEvent.TextDelta text && !response.closed()) {
      response.write(frame(Json.MAPPER.createObjectNode().put("type", "delta").put("text", text.text())));
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

  /** Bills what was generated (also when the client left), then ends with the {@code done} event. */
  @Override
  public void end(Usage usage) {
    log.usage = usage;
    String status = response.closed() ? UsageEvent.CLIENT_CLOSED : UsageEvent.OK;
    billing.record(log, target, attempt, usage, status).onSuccess(cost -> {
      if (response.closed() || response.ended()) {
        return;
      }
      log.outcome = "ok";
      ObjectNode done = Json.MAPPER.createObjectNode().put("type", "done").put("id", id).put("prompt", prompt.name())
          .put("version", prompt.version()).put("model", prompt.definition().model());
      done.set("usage", Json.MAPPER.valueToTree(Billing.withCost(usage, cost)));
      done.put("cost_usd", Pricing.format(cost.usd()));
      response.end(frame(done));
    });
  }

  /** Bills the tokens produced before the upstream failed, then ends with an {@code error} event. */
  @Override
  public void fail(Failure failure, Usage usage) {
    log.usage = usage;
    log.outcome = "upstream_failed_mid_stream";
    billing.record(log, target, attempt, usage, UsageEvent.UPSTREAM_FAILED_MID_STREAM).onSuccess(cost -> {
      if (!response.closed() && !response.ended()) {
        ObjectNode error = Json.MAPPER.createObjectNode().put("type", "error");
        error.setAll(ChunkJson.errorNode(failure));
        response.end(frame(error));
      }
    });
  }

  private static Buffer frame(ObjectNode json) {
    return Buffer.buffer("data: " + json + "\n\n");
  }
}
