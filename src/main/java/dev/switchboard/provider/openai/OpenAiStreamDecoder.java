package dev.switchboard.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Json;
import dev.switchboard.api.Usage;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.Failures;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.StreamEvent;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes {@code chat.completion.chunk} SSE frames (and the closing {@code [DONE]}) into stream events. Every
 * chunk of every stream passes through here, so it reads the JSON with Jackson's streaming parser, picking out
 * the few fields it needs and skipping the rest, instead of building a tree per chunk.
 */
final class OpenAiStreamDecoder implements StreamDecoder {
  private boolean done;
  private boolean finished;

  @Override
  public List<StreamEvent> decode(String event, String data) {
    if (data.isBlank()) {
      return List.of();
    }
    if ("[DONE]".equals(data.strip())) {
      done = true;
      return List.of();
    }
    List<StreamEvent> events = new ArrayList<>(2);
    StreamEvent usage = null;
    try (JsonParser p = Json.MAPPER.createParser(data)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        return List.of();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("error".equals(field)) {
          return List.of(upstreamError(data));
        } else if ("choices".equals(field) && value == JsonToken.START_ARRAY) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            choice(p, events);
          }
        } else if ("usage".equals(field) && value == JsonToken.START_OBJECT) {
          usage = usage(p);
          if (usage instanceof StreamEvent.UpstreamError) {
            break; // the parser stopped inside the usage object
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      return List.of(malformed("a stream chunk is not JSON: " + OpenAiAdapter.firstLine(e.getMessage())));
    }
    if (usage != null) {
      events.add(usage);
    }
    return events;
  }

  @Override
  public List<StreamEvent> end() {
    if (done || finished) {
      return List.of();
    }
    return List.of(malformed("the stream ended before [DONE] or a finish_reason"));
  }

  /** One element of {@code choices} (the parser is on its first token): text, reasoning, tool calls, finish. */
  private void choice(JsonParser p, List<StreamEvent> events) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    int index = 0;
    String content = null;
    String reasoning = null;
    String finishReason = null;
    List<ToolCallPiece> calls = List.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if ("index".equals(field)) {
        index = p.getValueAsInt(0);
      } else if ("finish_reason".equals(field) && value == JsonToken.VALUE_STRING) {
        finishReason = p.getText();
      } else if ("delta".equals(field) && value == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          if ("content".equals(name) && v == JsonToken.VALUE_STRING) {
            content = p.getText();
          } else if ("reasoning_content".equals(name) && v == JsonToken.VALUE_STRING) {
            reasoning = p.getText();
          } else if ("tool_calls".equals(name) && v == JsonToken.START_ARRAY) {
            calls = toolCalls(p);
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
    if (reasoning != null && !reasoning.isEmpty()) {
      events.add(new StreamEvent.ReasoningDelta(index, reasoning));
    }
    if (content != null && !content.isEmpty()) {
      events.add(new StreamEvent.TextDelta(index, content));
    }
    for (ToolCallPiece call : calls) {
      events.add(new StreamEvent.ToolCallDelta(index, call.index(), call.id(), call.name(), call.arguments()));
    }
    if (finishReason != null) {
      finished = true;
      events.add(new StreamEvent.Finish(index, finishReason));
    }
  }

  /** {@code delta.tool_calls} (the parser is on its start): index, id, function name and arguments of each. */
  private static List<ToolCallPiece> toolCalls(JsonParser p) throws IOException {
    List<ToolCallPiece> calls = new ArrayList<>(1);
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      int index = 0;
      String id = null;
      String name = null;
      String arguments = "";
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("index".equals(field)) {
          index = p.getValueAsInt(0);
        } else if ("id".equals(field) && value == JsonToken.VALUE_STRING) {
          id = p.getText();
        } else if ("function".equals(field) && value == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String fn = p.currentName();
            JsonToken v = p.nextToken();
            if ("name".equals(fn) && v == JsonToken.VALUE_STRING) {
              name = p.getText();
            } else if ("arguments".equals(fn) && v == JsonToken.VALUE_STRING) {
              arguments = p.getText();
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
      calls.add(new ToolCallPiece(index, id, name, arguments));
    }
    return calls;
  }

  private static StreamEvent usage(JsonParser p) {
    try {
      return new StreamEvent.UsageReport(Json.MAPPER.readValue(p, Usage.class));
    } catch (IOException e) {
      return malformed("the usage chunk cannot be read: " + OpenAiAdapter.firstLine(e.getMessage()));
    }
  }

  /** A chunk carrying {@code error}: rare, so read as a tree for the error's code and message. */
  private static StreamEvent upstreamError(String data) throws IOException {
    JsonNode error = Json.MAPPER.readTree(data).path("error");
    int status = error.path("code").isInt() ? error.path("code").asInt() : 500;
    return new StreamEvent.UpstreamError(Failures.fromStatus(status, null, Buffer.buffer(data)));
  }

  private static StreamEvent malformed(String message) {
    return new StreamEvent.UpstreamError(Failure.of(FailureClass.MALFORMED_RESPONSE, 200, message));
  }

  /** One piece of a streamed tool call, before the choice it belongs to is known. */
  private record ToolCallPiece(int index, String id, String name, String arguments) {}
}
