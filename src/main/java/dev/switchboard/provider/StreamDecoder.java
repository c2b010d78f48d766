package dev.switchboard.provider;

import java.util.List;

/**
 * Turns the frames of one streamed upstream response into {@link StreamEvent}s. One instance per stream;
 * it may keep state (e.g. the tool call being assembled). Never blocks, never does I/O.
 */
public interface StreamDecoder {

  /**
   * Decodes one frame.
   *
   * @param event the SSE event name ({@code null} when absent or for NDJSON)
   * @param data  the frame's data
   */
  List<StreamEvent> decode(String event, String data);

  /** Called once when the upstream body ends; returns any events still owed (or an error if the stream was cut). */
  List<StreamEvent> end();
}
