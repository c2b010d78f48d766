package dev.switchboard.api;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Token counts for when no upstream count exists: the mock provider's usage, and the fallback when an
 * upstream omits usage. Counted with the {@code o200k_base} BPE tokenizer (jtokkit), exact for current
 * OpenAI models and a close estimate for others; usage built from it is marked {@code "estimated": true}.
 */
public final class TokenEstimate {
  private static final int PER_MESSAGE_OVERHEAD = 3;
  private static final AtomicBoolean WARM_UP_STARTED = new AtomicBoolean();

  /** Holds the tables, loaded when first used (not when this class is), so a warm-up can run on another thread. */
  private static final class Tables {
    static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  }

  private TokenEstimate() {}

  /**
   * Starts loading the tokenizer's tables (a few hundred milliseconds) on a thread of its own, so a start can do
   * other work meanwhile; {@link #warmUp()} then waits for it. Only the first call starts a thread.
   */
  public static void warmUpInBackground() {
    if (!WARM_UP_STARTED.compareAndSet(false, true)) {
      return; // already loading (the command line starts it early, a gateway's start asks again)
    }
    Thread loader = new Thread(TokenEstimate::warmUp, "switchboard-tokenizer-warm-up");
    loader.setDaemon(true);
    loader.start();
  }

  /**
   * Loads the tokenizer's tables now (a few seconds on a slow machine), or waits for {@link #warmUpInBackground()}
   * to finish loading them, so no request pays for it on an event loop.
   */
  public static void warmUp() {
    ofText("warm up");
  }

  public static int ofText(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    return Tables.ENCODING.countTokensOrdinary(text);
  }

  /** Tokens of a prompt: the text of every message plus a small per-message overhead, as OpenAI counts it. */
  public static int ofMessages(List<ChatMessage> messages) {
    int total = PER_MESSAGE_OVERHEAD;
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

  /** Usage counted here rather than reported by an upstream, marked so that callers can tell. */
  public static Usage usage(int promptTokens, int completionTokens) {
    Usage usage = Usage.of(promptTokens, completionTokens);
    usage.extra().put("estimated", Json.MAPPER.getNodeFactory().booleanNode(true));
    return usage;
  }
}
