package dev.switchboard.usage;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Hands text written on a store worker thread to an HTTP response on its event loop, in chunks, waiting (on the
 * worker) while the client's write queue is full. The head is sent with the first chunk, so an error before it
 * can still be answered with a proper status.
 */
final class ResponseStream {
  private static final int CHUNK_CHARS = 32 * 1024;
  private static final long CLIENT_WAIT_S = 60;

  private final Context context;
  private final HttpServerResponse response;
  private final String contentType;
  private final String disposition;
  private final StringBuilder pending = new StringBuilder();
  private volatile boolean started;

  /** {@code disposition} is the {@code content-disposition} of the answer, or null. */
  ResponseStream(Context context, HttpServerResponse response, String contentType, String disposition) {
    this.context = context;
    this.response = response;
    this.contentType = contentType;
    this.disposition = disposition;
  }

  /** Appends text; sends a chunk once enough is pending. Called on the worker. */
  void write(String text) {
    pending.append(text);
    if (pending.length() >= CHUNK_CHARS) {
      flush();
    }
  }

  /** True once the head went out (an error now can only cut the response short). */
  boolean started() {
    return started;
  }

  /** What is still pending, to be sent with the end on the event loop. */
  String rest() {
    String rest = pending.toString();
    pending.setLength(0);
    return rest;
  }

  private void flush() {
    Buffer chunk = Buffer.buffer(rest());
    CompletableFuture<Void> taken = new CompletableFuture<>();
    context.runOnContext(v -> {
      if (response.closed()) {
        taken.completeExceptionally(new IllegalStateException("the client closed the connection"));
        return;
      }
      head();
      response.write(chunk);
      if (response.writeQueueFull()) {
        response.drainHandler(d -> taken.complete(null));
      } else {
        taken.complete(null);
      }
    });
    try {
      taken.get(CLIENT_WAIT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the report could not be sent: " + e.getMessage(), e);
    }
  }

  /** Sends the head of a successful answer, once. Called on the event loop. */
  void head() {
    if (started) {
      return;
    }
    response.setStatusCode(200).setChunked(true).putHeader("content-type", contentType);
    if (disposition != null) {
      response.putHeader("content-disposition", disposition);
    }
    started = true;
  }
}
