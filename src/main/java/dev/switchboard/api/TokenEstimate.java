package dev.switchboard.api;

import java.util.List;

/**
 * A rough token count (about four characters a token) for when no tokenizer answer exists: the mock
 * provider's usage, and the fallback when an upstream omits usage.
 */
public final class TokenEstimate {
  private static final int PER_MESSAGE_OVERHEAD = 3;

  private TokenEstimate() {}

  public static int ofText(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    return (text.codePointCount(0, text.length()) + 3) / 4;
  }

  /** Tokens of a prompt: the text of every message plus a small per-message overhead. */
  public static int ofMessages(List<ChatMessage> messages) {
    int total = 0;
    for (ChatMessage m : messages) {
      total += PER_MESSAGE_OVERHEAD + ofText(m.textContent());
      if (m.toolCalls() != null) {
        for (ToolCall call : m.toolCalls()) {
          total += ofText(call.function().name()) + ofText(call.function().arguments());
        }
      }
    }
    return total;
  }
}
