package dev.switchboard.provider;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a streamed upstream body into frames (SSE events or NDJSON lines), across arbitrary chunk
 * boundaries, including ones that split a UTF-8 character. Not thread-safe: one per stream.
 */
public final class StreamFramer {
  /** Receives each complete frame. */
  @FunctionalInterface
  public interface FrameHandler {
    void frame(String event, String data);
  }

  private static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private final StreamFraming framing;
  private final FrameHandler handler;
  private Buffer pending = Buffer.buffer();
  private String eventName;
  private StringBuilder data;

  public StreamFramer(StreamFraming framing, FrameHandler handler) {
    this.framing = framing;
    this.handler = handler;
  }

  /** Feeds one chunk; complete frames are handed over before this returns. */
  public void feed(Buffer chunk) {
    pending.appendBuffer(chunk);
    int start = 0;
    int length = pending.length();
    for (int i = 0; i < length; i++) {
      if (pending.getByte(i) == '\n') {
        int end = i > start && pending.getByte(i - 1) == '\r' ? i - 1 : i;
        line(pending.getString(start, end, StandardCharsets.UTF_8.name()));
        start = i + 1;
      }
    }
    if (start > 0) {
      pending = pending.getBuffer(start, length);
    }
    if (pending.length() > MAX_LINE_BYTES) {
      throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, 200,
          "a stream line exceeds " + MAX_LINE_BYTES + " bytes"));
    }
  }

  /** Flushes a last frame that was not terminated by a newline or blank line. */
  public void end() {
    if (pending.length() > 0) {
      line(pending.toString(StandardCharsets.UTF_8));
      pending = Buffer.buffer();
    }
    if (framing == StreamFraming.SSE) {
      line("");
    }
  }

  private void line(String line) {
    if (framing == StreamFraming.NDJSON) {
      if (!line.isBlank()) {
        handler.frame(null, line);
      }
      return;
    }
    if (line.isEmpty()) {
      if (data != null) {
        String name = eventName;
        String payload = data.toString();
        eventName = null;
        data = null;
        handler.frame(name, payload);
      }
      eventName = null;
      return;
    }
    if (line.startsWith(":")) {
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    if (field.equals("data")) {
      if (data == null) {
        data = new StringBuilder(value);
      } else {
        data.append('\n').append(value);
      }
    } else if (field.equals("event")) {
      eventName = value;
    }
  }
}
