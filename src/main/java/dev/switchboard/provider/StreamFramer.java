package dev.switchboard.provider;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

/**
 * Cuts a streamed upstream body into frames (SSE events, NDJSON lines, or AWS event-stream messages decoded by
 * the AWS SDK's {@code eventstream} library), across arbitrary chunk boundaries, including ones that split a
 * UTF-8 character. Not thread-safe: one per stream.
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
  /** The bytes of an unfinished line, carried over to the next chunk. */
  private byte[] pending = new byte[0];
  private int pendingLength;
  private String eventName;
  private StringBuilder data;
  private final MessageDecoder eventStream;
  private long eventStreamBytesFed;
  private long eventStreamBytesDecoded;

  public StreamFramer(StreamFraming framing, FrameHandler handler) {
    this.framing = framing;
    this.handler = handler;
    this.eventStream = framing == StreamFraming.AWS_EVENT_STREAM ? new MessageDecoder(this::message) : null;
  }

  /** Feeds one chunk; complete frames are handed over before this returns. */
  public void feed(Buffer chunk) {
    if (eventStream != null) {
      try {
        eventStreamBytesFed += chunk.length();
        eventStream.feed(chunk.getBytes());
      } catch (IllegalArgumentException | IllegalStateException badFrame) {
        throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, 200,
            "an event-stream message is malformed: " + badFrame.getMessage()));
      }
      return;
    }
    // one copy out of the network buffer, then a plain array scan (no per-byte bounds and liveness checks)
    byte[] bytes = chunk.getBytes();
    byte[] text = bytes;
    int length = bytes.length;
    if (pendingLength > 0) {
      keep(bytes, 0, bytes.length, pendingLength);
      text = pending;
      length = pendingLength;
    }
    int start = 0;
    for (int i = 0; i < length; i++) {
      if (text[i] == '\n') {
        int end = i > start && text[i - 1] == '\r' ? i - 1 : i;
        line(new String(text, start, end - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    int rest = length - start;
    if (rest > MAX_LINE_BYTES) {
      throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, 200,
          "a stream line exceeds " + MAX_LINE_BYTES + " bytes"));
    }
    keep(text, start, rest, 0);
  }

  /** Puts {@code count} bytes of {@code from} at {@code at} in the unfinished line, which then ends after them. */
  private void keep(byte[] from, int offset, int count, int at) {
    if (at + count > pending.length) {
      byte[] grown = new byte[Math.max(at + count, pending.length * 2)];
      System.arraycopy(pending, 0, grown, 0, at);
      pending = grown;
    }
    System.arraycopy(from, offset, pending, at, count);
    pendingLength = at + count;
  }

  /**
   * Flushes a last frame that was not terminated by a newline or blank line.
   *
   * @throws UpstreamFailureException with {@link FailureClass#MALFORMED_RESPONSE} when an event stream ends inside
   *     a message
   */
  public void end() {
    if (eventStream != null) {
      if (eventStreamBytesDecoded != eventStreamBytesFed) {
        throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, 200, "the stream ended inside "
            + "an event-stream message (" + (eventStreamBytesFed - eventStreamBytesDecoded) + " bytes left over)"));
      }
      return;
    }
    if (pendingLength > 0) {
      String last = new String(pending, 0, pendingLength, StandardCharsets.UTF_8);
      pendingLength = 0;
      line(last);
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

  private void message(Message message) {
    // prelude (total length, headers length, prelude CRC) + headers + payload + message CRC
    eventStreamBytesDecoded += 16L + Message.encodeHeaders(message.getHeaders().entrySet()).length
        + message.getPayload().length;
    String type = header(message, ":message-type", "event");
    String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
    switch (type) {
      case "exception" -> handler.frame("exception:" + header(message, ":exception-type", "unknown"), payload);
      case "error" -> handler.frame("error:" + header(message, ":error-code", "unknown"),
          payload.isEmpty() ? header(message, ":error-message", "") : payload);
      default -> handler.frame(header(message, ":event-type", null), payload);
    }
  }

  private static String header(Message message, String name, String fallback) {
    HeaderValue value = message.getHeaders().get(name);
    return value == null ? fallback : value.getString();
  }
}
