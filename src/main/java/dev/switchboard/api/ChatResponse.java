package dev.switchboard.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI {@code chat.completion} object; {@link #usage} is always filled by the adapters. Numbers some
 * OpenAI-compatible servers leave out ({@code created}, {@code index}) read as 0 instead of failing.
 */
public record ChatResponse(
    String id,
    String object,
    @JsonSetter(nulls = Nulls.AS_EMPTY) long created,
    String model,
    List<Choice> choices,
    Usage usage,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

  public ChatResponse {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  /** A copy that names the public model the client asked for. */
  public ChatResponse withModel(String publicModel) {
    return new ChatResponse(id, object, created, publicModel, choices, usage, extra);
  }

  /** A copy with other usage figures. */
  public ChatResponse withUsage(Usage newUsage) {
    return new ChatResponse(id, object, created, model, choices, newUsage, extra);
  }

  /** One completion choice. */
  public record Choice(@JsonSetter(nulls = Nulls.AS_EMPTY) int index, ChatMessage message, String finishReason,
                       @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
    public Choice {
      extra = extra == null ? new LinkedHashMap<>() : extra;
    }
  }
}
