package dev.switchboard.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.Json;
import dev.switchboard.api.Usage;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.StreamEvent;
import java.util.HashSet;
import java.util.Set;

/**
 * Renders stream events as OpenAI {@code chat.completion.chunk} objects with one id, creation time and
 * public model name per stream. The first delta of each choice carries {@code role: assistant}.
 */
final class ChunkJson {
  private final String id;
  private final long created;
  private final String model;
  private final Set<Integer> started = new HashSet<>();

  ChunkJson(String id, long created, String model) {
    this.id = id;
    this.created = created;
    this.model = model;
  }

  /** The chunk for a content event, or null for events that are not rendered as chunks. */
  String render(StreamEvent event) {
    if (event instanceof StreamEvent.TextDelta text) {
      return choice(text.choice(), delta(text.choice()).put("content", text.text()), null);
    }
    if (event instanceof StreamEvent.ReasoningDelta reasoning) {
      return choice(reasoning.choice(), delta(reasoning.choice()).put("reasoning_content", reasoning.text()), null);
    }
    if (event instanceof StreamEvent.ToolCallDelta call) {
      ObjectNode delta = delta(call.choice());
      ObjectNode item = delta.putArray("tool_calls").addObject().put("index", call.index());
      if (call.id() != null) {
        item.put("id", call.id()).put("type", "function");
      }
      ObjectNode fn = item.putObject("function");
      if (call.name() != null) {
        fn.put("name", call.name());
      }
      fn.put("arguments", call.argumentsDelta());
      return choice(call.choice(), delta, null);
    }
    if (event instanceof StreamEvent.Finish finish) {
      return choice(finish.choice(), delta(finish.choice()), finish.finishReason());
    }
    return null;
  }

  /** The final usage chunk of {@code stream_options.include_usage}: empty choices and the usage. */
  String usage(Usage usage) {
    ObjectNode root = head();
    root.putArray("choices");
    root.set("usage", Json.MAPPER.valueToTree(usage));
    return root.toString();
  }

  /** An error event for a stream that failed after it was committed. */
  static String error(Failure failure) {
    return errorNode(failure).toString();
  }

  /** The OpenAI-shaped error event that ends a stream whose upstream failed after the commit point. */
  static ObjectNode errorNode(Failure failure) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.putObject("error").put("message", "the upstream failed mid-stream: " + failure.reason().wireName() + " ("
        + failure.message() + ")").put("type", "api_error").put("code", "upstream_error").putNull("param");
    return root;
  }

  private ObjectNode delta(int choice) {
    ObjectNode delta = Json.MAPPER.createObjectNode();
    if (started.add(choice)) {
      delta.put("role", "assistant");
    }
    return delta;
  }

  private String choice(int index, ObjectNode delta, String finishReason) {
    ObjectNode root = head();
    ObjectNode choice = root.putArray("choices").addObject().put("index", index);
    choice.set("delta", delta);
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    return root.toString();
  }

  private ObjectNode head() {
    return Json.MAPPER.createObjectNode().put("id", id).put("object", "chat.completion.chunk")
        .put("created", created).put("model", model);
  }
}
