package dev.switchboard.provider;

import dev.switchboard.api.Usage;

/** One provider-neutral step of a streamed completion; the HTTP layer renders them as OpenAI chunks. */
public sealed interface StreamEvent {

  /** True for events that carry model output, the point after which a stream is committed to one upstream. */
  default boolean isContent() {
    return false;
  }

  /** A piece of assistant text for choice {@code choice}. */
  record TextDelta(int choice, String text) implements StreamEvent {
    @Override
    public boolean isContent() {
      return true;
    }
  }

  /** A piece of reasoning text ({@code reasoning_content} in OpenAI-compatible servers). */
  record ReasoningDelta(int choice, String text) implements StreamEvent {
    @Override
    public boolean isContent() {
      return true;
    }
  }

  /**
   * A piece of a tool call: the first piece of call {@code index} carries {@code id} and {@code name}, later
   * pieces only {@code argumentsDelta}.
   */
  record ToolCallDelta(int choice, int index, String id, String name, String argumentsDelta) implements StreamEvent {
    @Override
    public boolean isContent() {
      return true;
    }
  }

  /** Choice {@code choice} finished, with an OpenAI finish reason ({@code stop}, {@code length}, {@code tool_calls}, ...). */
  record Finish(int choice, String finishReason) implements StreamEvent {
    @Override
    public boolean isContent() {
      return true;
    }
  }

  /** Token usage so far (the last report wins). */
  record UsageReport(Usage usage) implements StreamEvent {}

  /** The upstream reported an error inside the stream. */
  record UpstreamError(Failure failure) implements StreamEvent {}
}
