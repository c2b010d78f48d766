package dev.switchboard.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One message of a conversation: {@code system}, {@code developer}, {@code user}, {@code assistant} or {@code tool}. */
public record ChatMessage(
    String role,
    MessageContent content,
    String name,
    List<ToolCall> toolCalls,
    String toolCallId,
    String refusal,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

  public ChatMessage {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  /** A plain text message. */
  public static ChatMessage text(String role, String text) {
    return new ChatMessage(role, MessageContent.ofText(text), null, null, null, null, null);
  }

  /** The concatenated text of the content, empty when there is none. */
  public String textContent() {
    return content == null ? "" : content.joinedText();
  }
}
