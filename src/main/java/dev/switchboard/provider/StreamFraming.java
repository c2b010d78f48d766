package dev.switchboard.provider;

/** How a streamed upstream body is cut into frames before an adapter's {@link StreamDecoder} reads them. */
public enum StreamFraming {
  /** Server-sent events: each frame is the joined {@code data:} lines of one event. */
  SSE,
  /** Newline-delimited JSON: each frame is one line. */
  NDJSON,
  /**
   * AWS's binary {@code application/vnd.amazon.eventstream} (Bedrock's ConverseStream): each frame is one
   * message's payload as UTF-8 text. Event messages are named by their {@code :event-type} header; exception
   * messages are named {@code exception:} plus their {@code :exception-type}, and error messages {@code error:}
   * plus their {@code :error-code} (with the {@code :error-message} header as the frame when the payload is empty).
   */
  AWS_EVENT_STREAM
}
