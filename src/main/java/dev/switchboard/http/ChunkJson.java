package dev.switchboard.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.Json;
import dev.switchboard.api.Usage;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.StreamEvent;
import java.util.HashSet;
import java.util.Set;

/**
 * Renders stream events as OpenAI {@code chat.completion.chunk} objects with one id, creation time and
 * public model name per stream. The first delta of each choice carries {@code role: assistant}. Every chunk of
 * every stream is rendered here, so the JSON is written as text around a head rendered once per stream, with
 * Jackson's string escaping, instead of building and serializing a tree per chunk.
 */
final class ChunkJson {
  private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();

  /** {@code {"id":…,"object":"chat.completion.chunk","created":…,"model":…} without its closing brace. */
  private final String head;
  private final Set<Integer> started = new HashSet<>();

  ChunkJson(String id, long created, String model) {
    StringBuilder b = new StringBuilder(96).append("{\"id\":");
    quoted(b, id).append(",\"object\":\"chat.completion.chunk\",\"created\":").append(created).append(",\"model\":");
    this.head = quoted(b, model).toString();
  }

  /** The chunk for a content event, or null for events that are not rendered as chunks. */
  String render(StreamEvent event) {
    if (event instanceof StreamEvent.TextDelta text) {
      return close(text(delta(text.choice()), "content", text.text()), null);
    }
    if (event instanceof StreamEvent.ReasoningDelta reasoning) {
      return close(text(delta(reasoning.choice()), "reasoning_content", reasoning.text()), null);
    }
    if (event instanceof StreamEvent.ToolCallDelta call) {
      StringBuilder b = separated(delta(call.choice())).append("\"tool_calls\":[{\"index\":").append(call.index());
      if (call.id() != null) {
        quoted(b.append(",\"id\":"), call.id()).append(",\"type\":\"function\"");
      }
      b.append(",\"function\":{");
      if (call.name() != null) {
        quoted(b.append("\"name\":"), call.name()).append(',');
      }
      quoted(b.append("\"arguments\":"), call.argumentsDelta()).append("}}]");
      return close(b, null);
    }
    if (event instanceof StreamEvent.Finish finish) {
      return close(delta(finish.choice()), finish.finishReason());
    }
    return null;
  }

  /** The final usage chunk of {@code stream_options.include_usage}: empty choices and the usage. */
  String usage(Usage usage) {
    return head + ",\"choices\":[],\"usage\":" + Json.MAPPER.valueToTree(usage) + "}";
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

  /** Opens the chunk of choice {@code choice} up to the inside of its delta. */
  private StringBuilder delta(int choice) {
    StringBuilder b = new StringBuilder(head.length() + 128).append(head)
        .append(",\"choices\":[{\"index\":").append(choice).append(",\"delta\":{");
    if (started.add(choice)) {
      b.append("\"role\":\"assistant\"");
    }
    return b;
  }

  private static StringBuilder text(StringBuilder delta, String field, String text) {
    return quoted(separated(delta).append('"').append(field).append("\":"), text);
  }

  /** A comma unless the delta is still empty. */
  private static StringBuilder separated(StringBuilder delta) {
    return delta.charAt(delta.length() - 1) == '{' ? delta : delta.append(',');
  }

  private static String close(StringBuilder delta, String finishReason) {
    delta.append("},\"finish_reason\":");
    if (finishReason == null) {
      delta.append("null");
    } else {
      quoted(delta, finishReason);
    }
    return delta.append("}]}").toString();
  }

  private static StringBuilder quoted(StringBuilder b, String text) {
    b.append('"');
    ESCAPE.quoteAsString(text, b);
    return b.append('"');
  }
}
