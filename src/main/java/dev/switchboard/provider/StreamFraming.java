package dev.switchboard.provider;

/** How a streamed upstream body is cut into frames before an adapter's {@link StreamDecoder} reads them. */
public enum StreamFraming {
  /** Server-sent events: each frame is the joined {@code data:} lines of one event. */
  SSE,
  /** Newline-delimited JSON: each frame is one line. */
  NDJSON
}
