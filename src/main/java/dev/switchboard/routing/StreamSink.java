package dev.switchboard.routing;

import dev.switchboard.api.Usage;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.StreamEvent;

/**
 * Where a committed stream goes (the client connection). Called on one event loop, in order:
 * {@link #start} once, {@link #event} any number of times, then exactly one of {@link #end} or {@link #fail}.
 */
public interface StreamSink {

  /**
   * The stream is committed to {@code target} after {@code attempts} attempts, {@code upstreamNanos} of which were
   * spent waiting on upstreams (and backoff); write the response head.
   */
  void start(Target target, int attempts, long upstreamNanos);

  /** One event; a sink may hold it until {@link #flush()}. */
  void event(StreamEvent event);

  /**
   * Sends what {@link #event} held: called once the event loop has handled an upstream read (which may hold many
   * HTTP chunks), so the events one read produced reach the client in one write.
   */
  void flush();

  /** True when the client cannot take more now; the router pauses the upstream until {@link #onDrain}. */
  boolean writeQueueFull();

  void onDrain(Runnable resume);

  /** Called when the client goes away, so the upstream call can be cancelled. */
  void onClose(Runnable cancel);

  /** The upstream finished; {@code usage} is the upstream's last report or an estimate. */
  void end(Usage usage);

  /** The upstream failed after the stream was committed; {@code usage} is what was produced so far. */
  void fail(Failure failure, Usage usage);
}
