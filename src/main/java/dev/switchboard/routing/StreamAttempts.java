package dev.switchboard.routing;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.api.Usage;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.StreamEvent;
import dev.switchboard.provider.StreamFramer;
import dev.switchboard.provider.UpstreamExchange;
import dev.switchboard.provider.UpstreamFailureException;
import dev.switchboard.provider.UpstreamRequest;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The attempt loop of one streamed request. Events are held back until the first content event (the
 * commit point); any failure before it moves on to the next deployment, so the client sees one clean
 * stream. After it, a failure ends the stream through {@link StreamSink#fail}. Runs on one event loop.
 */
final class StreamAttempts {
  private final Vertx vertx;
  private final ChatRequest request;
  private final AttemptSequence attempts;
  private final StreamSink sink;
  private final Promise<Void> committed;
  private List<Target> contextFallbacks;
  private Attempt current;
  private boolean clientGone;

  StreamAttempts(Vertx vertx, ChatRequest request, AttemptSequence attempts, List<Target> contextFallbacks,
                 StreamSink sink, Promise<Void> committed) {
    this.vertx = vertx;
    this.request = request;
    this.attempts = attempts;
    this.contextFallbacks = contextFallbacks;
    this.sink = sink;
    this.committed = committed;
    sink.onClose(this::clientClosed);
  }

  void next() {
    if (clientGone) {
      return;
    }
    AttemptSequence.Step step = attempts.next();
    if (step instanceof AttemptSequence.Stop stop) {
      committed.tryFail(stop.error());
      return;
    }
    AttemptSequence.Go go = (AttemptSequence.Go) step;
    Attempt attempt = new Attempt(go);
    current = attempt;
    if (go.delayMs() > 0) {
      vertx.setTimer(go.delayMs(), id -> attempt.start());
    } else {
      attempt.start();
    }
  }

  private void clientClosed() {
    clientGone = true;
    if (current != null) {
      current.cancelByClient();
    }
    committed.tryFail(new IllegalStateException("the client closed the connection"));
  }

  /** One try against one deployment. */
  private final class Attempt {
    private final AttemptSequence.Go go;
    private final Target target;
    private final ProviderAdapter adapter;
    private final long started = System.nanoTime();
    private final List<StreamEvent> held = new ArrayList<>();
    private UpstreamExchange exchange;
    private StreamDecoder decoder;
    private StreamFramer framer;
    private long timer = -1;
    private long sentAt;
    private Span span = Span.getInvalid();
    private boolean isCommitted;
    private boolean done;
    private boolean flushQueued;
    private Usage lastUsage;
    private final StringBuilder output = new StringBuilder();

    Attempt(AttemptSequence.Go go) {
      this.go = go;
      this.target = go.target();
      this.adapter = target.provider().adapter();
    }

    void start() {
      if (done || clientGone) {
        return;
      }
      span = attempts.forward().startAttempt(target, go.number());
      UpstreamRequest upstream;
      try {
        upstream = attempts.forward().applyTo(adapter.chatRequest(request, target.deployment(), true), span);
      } catch (UpstreamFailureException unsendable) { // e.g. no access token yet: this attempt fails, others may not
        failure(unsendable.failure(), null);
        return;
      } catch (RuntimeException refused) { // a request this backend cannot express: the caller's 400
        done = true;
        span.end();
        attempts.release(target);
        committed.tryFail(refused);
        return;
      }
      timer = vertx.setTimer(go.timeoutMs(), id -> {
        timer = -1;
        if (!isCommitted) {
          failure(Failure.of(FailureClass.READ_TIMEOUT, 0, "no first token within " + go.timeoutMs() + " ms"), null);
        }
      });
      sentAt = System.nanoTime();
      target.provider().transport().send(upstream, target.provider().config().timeoutMs())
          .onComplete(ar -> {
            if (done) {
              if (ar.succeeded()) {
                ar.result().cancel();
              }
              return;
            }
            if (ar.failed()) {
              failure(adapter.classify(ar.cause()), null);
            } else {
              opened(ar.result());
            }
          });
    }

    private void opened(UpstreamExchange ex) {
      exchange = ex;
      if (ex.status() / 100 != 2) {
        ex.body().onComplete(body -> failure(adapter.classify(new ProviderAdapter.UpstreamResponse(ex.status(),
            ex.headers(), body.succeeded() ? body.result() : Buffer.buffer())), body.result()));
        return;
      }
      decoder = adapter.newStreamDecoder(request, target.deployment());
      framer = new StreamFramer(adapter.streamFraming(), this::frame);
      ex.handler(chunk -> {
        try {
          framer.feed(chunk);
        } catch (UpstreamFailureException e) {
          failure(e.failure(), null);
        }
        if (isCommitted) {
          flushAfterThisRead();
        }
      }).endHandler(v -> ended()).exceptionHandler(t -> failure(adapter.classify(t), null));
      ex.resume();
    }

    private void frame(String event, String data) {
      if (!done) {
        decoder.decode(event, data).forEach(this::handle);
      }
    }

    private void handle(StreamEvent event) {
      if (done) {
        return;
      }
      if (event instanceof StreamEvent.UpstreamError error) {
        failure(error.failure(), null);
        return;
      }
      if (event instanceof StreamEvent.UsageReport report) {
        lastUsage = report.usage();
      } else if (event instanceof StreamEvent.TextDelta text) {
        output.append(text.text());
      } else if (event instanceof StreamEvent.ReasoningDelta reasoning) {
        output.append(reasoning.text());
      } else if (event instanceof StreamEvent.ToolCallDelta call) {
        output.append(call.name() == null ? "" : call.name()).append(call.argumentsDelta());
      }
      if (isCommitted) {
        forward(event);
        return;
      }
      held.add(event);
      if (event.isContent()) {
        commit();
      }
    }

    private void commit() {
      isCommitted = true;
      cancelTimer();
      attempts.succeeded(target, (System.nanoTime() - started) / 1_000_000);
      attempts.waited(System.nanoTime() - sentAt);
      sink.start(target, go.number(), attempts.upstreamNanos());
      sink.onDrain(() -> {
        if (!done) {
          exchange.resume();
        }
      });
      committed.tryComplete();
      held.forEach(this::forward);
      held.clear();
      flushAfterThisRead();
    }

    private void forward(StreamEvent event) {
      sink.event(event);
    }

    /**
     * One upstream read can hold many HTTP chunks, each handed over separately: what they produced is sent in one
     * write once the event loop has handled the whole read.
     */
    private void flushAfterThisRead() {
      if (done || flushQueued) {
        return;
      }
      flushQueued = true;
      vertx.runOnContext(v -> {
        flushQueued = false;
        if (!done) {
          flush();
        }
      });
    }

    private void flush() {
      sink.flush();
      if (sink.writeQueueFull()) {
        exchange.pause();
      }
    }

    private void ended() {
      if (done) {
        return;
      }
      try {
        framer.end();
      } catch (UpstreamFailureException cut) { // the body ended inside a binary frame
        failure(cut.failure(), null);
        return;
      }
      decoder.end().forEach(this::handle);
      if (done) {
        return;
      }
      if (!isCommitted) {
        failure(Failure.of(FailureClass.MALFORMED_RESPONSE, exchange.status(), "the stream ended before any content"),
            null);
        return;
      }
      done = true;
      attempts.release(target);
      Forward.finish(span, null);
      sink.end(usage());
    }

    private void failure(Failure failure, Buffer body) {
      if (done) {
        return;
      }
      done = true;
      cancelTimer();
      if (exchange != null) {
        exchange.cancel();
      }
      attempts.failed(target, failure);
      attempts.release(target);
      Forward.finish(span, failure);
      if (!isCommitted && sentAt > 0) {
        attempts.waited(System.nanoTime() - sentAt);
      }
      if (isCommitted) {
        sink.fail(failure, usage());
        return;
      }
      if (failure.reason() == FailureClass.CONTEXT_LENGTH_EXCEEDED && attempts.reroute(contextFallbacks)) {
        contextFallbacks = List.of();
        next();
      } else if (!failure.retryable()) {
        committed.tryFail(UpstreamErrors.callerError(target, failure, body == null ? Buffer.buffer() : body));
      } else {
        next();
      }
    }

    void cancelByClient() {
      if (done) {
        return;
      }
      done = true;
      span.setAttribute("switchboard.client_closed", true);
      span.end();
      cancelTimer();
      if (exchange != null) {
        exchange.cancel();
      }
      attempts.release(target);
      if (isCommitted) {
        sink.end(usage());
      }
    }

    private void cancelTimer() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    private Usage usage() {
      if (lastUsage != null) {
        return lastUsage;
      }
      return TokenEstimate.usage(TokenEstimate.ofMessages(request.messages()), TokenEstimate.ofText(output.toString()));
    }
  }
}
