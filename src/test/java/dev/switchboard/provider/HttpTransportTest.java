package dev.switchboard.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.config.ProviderConfig;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Cancelling an upstream exchange — what the router does when a client leaves — before and after the upstream's
 * response has arrived whole: it stops what is still running, never throws, and logs no error.
 */
class HttpTransportTest {
  private Vertx vertx;
  private HttpServer upstream;
  private HttpTransport transport;
  private final CountDownLatch endlessStopped = new CountDownLatch(1);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger vertxLogs = (Logger) LoggerFactory.getLogger("io.vertx");

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    upstream = vertx.createHttpServer().requestHandler(req -> {
      if (req.path().equals("/short")) {
        req.response().setChunked(true).write("data: one\n\n").onSuccess(v -> req.response().end("data: two\n\n"));
        return;
      }
      req.response().setChunked(true).closeHandler(v -> endlessStopped.countDown());
      vertx.setPeriodic(20, id -> {
        if (req.response().closed()) {
          vertx.cancelTimer(id);
        } else {
          req.response().write("data: tick\n\n");
        }
      });
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    transport = new HttpTransport(vertx, new ProviderConfig("up", "openai", "http://127.0.0.1:" + upstream.actualPort(),
        "", 30_000, 5_000, 8, Map.of()));
    logs.start();
    vertxLogs.addAppender(logs);
  }

  @AfterEach
  void stop() throws Exception {
    vertxLogs.detachAppender(logs);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private UpstreamRequest get(String path) {
    return new UpstreamRequest("GET", "http://127.0.0.1:" + upstream.actualPort() + path, Map.of(), Buffer.buffer());
  }

  @Test
  void cancellingAfterTheWholeResponseArrivedChangesNothingAndLogsNoError() throws Exception {
    CompletableFuture<Void> cancelled = new CompletableFuture<>();
    vertx.runOnContext(v -> transport.send(get("/short"), 10_000).onSuccess(exchange -> {
      Buffer received = Buffer.buffer();
      exchange.handler(received::appendBuffer).endHandler(end -> {
        try {
          exchange.cancel(); // e.g. the client left while its answer was being billed
          assertEquals("data: one\n\ndata: two\n\n", received.toString());
          cancelled.complete(null);
        } catch (Throwable t) {
          cancelled.completeExceptionally(t);
        }
      }).exceptionHandler(cancelled::completeExceptionally);
      exchange.resume();
    }).onFailure(cancelled::completeExceptionally));
    cancelled.get(10, TimeUnit.SECONDS);
    Thread.sleep(200); // anything logged about it has been logged by now
    assertEquals(List.of(), errors());
  }

  @Test
  void cancellingMidResponseStopsTheUpstreamAndLogsNoError() throws Exception {
    Promise<Void> firstChunk = Promise.promise();
    vertx.runOnContext(v -> transport.send(get("/endless"), 10_000).onSuccess(exchange -> {
      exchange.handler(chunk -> {
        if (firstChunk.tryComplete()) {
          exchange.cancel(); // the client left mid-stream
        }
      }).endHandler(end -> firstChunk.tryFail("ended")).exceptionHandler(firstChunk::tryFail);
      exchange.resume();
    }).onFailure(firstChunk::tryFail));
    firstChunk.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(endlessStopped.await(10, TimeUnit.SECONDS), "the upstream saw the request stopped");
    Thread.sleep(200);
    assertEquals(List.of(), errors());
  }

  @Test
  void cancellingWhileTheWholeBodyIsAwaitedStopsTheUpstreamAndLogsNoError() throws Exception {
    Promise<Void> cancelled = Promise.promise();
    vertx.runOnContext(v -> transport.send(get("/endless"), 10_000).onSuccess(exchange -> {
      exchange.body(); // a plain (non-streamed) answer being collected
      vertx.setTimer(50, id -> {
        exchange.cancel(); // the client left before the answer was complete
        cancelled.complete();
      });
    }).onFailure(cancelled::tryFail));
    cancelled.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(endlessStopped.await(10, TimeUnit.SECONDS), "the upstream saw the request stopped");
    Thread.sleep(200);
    assertEquals(List.of(), errors());
  }

  private List<String> errors() {
    return logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
        .map(ILoggingEvent::getFormattedMessage).toList();
  }
}
