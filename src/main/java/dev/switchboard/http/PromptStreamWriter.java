package dev.switchboard.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.Json;
import dev.switchboard.api.Usage;
import dev.switchboard.prompt.Prompt;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.StreamEvent;
import dev.switchboard.usage.Pricing;
import dev.switchboard.usage.UsageEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A streamed prompt call as server-sent events of plain JSON: {@code {"type":"delta","text"}} for each piece of
 * the reply, then {@code {"type":"done","id","prompt","version","model","usage"}}; a failure after the first
 * piece ends with {@code {"type":"error","error":{...}}}.
 */
final class PromptStreamWriter extends SseSink {
  private final Prompt prompt;
  private final String id;

  PromptStreamWriter(HttpServerResponse response, RequestLog log, Prompt prompt, String id, Billing billing) {
    super(response, log, billing);
    this.prompt = prompt;
    this.id = id;
  }

  @Override
  public void event(StreamEvent event) {
    if (event instanceof StreamEvent.TextDelta text) {
      hold(Json.MAPPER.createObjectNode().put("type", "delta").put("text", text.text()).toString());
    }
  }

  /** Bills what was generated (also when the client left), then ends with the {@code done} event. */
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
    flush();
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
    return frame(json.toString());
  }
}
