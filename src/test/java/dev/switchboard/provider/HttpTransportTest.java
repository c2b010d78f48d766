package dev.switchboard.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.config.ProviderConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Connections kept per event loop, and cancelling an upstream exchange — what the router does when a client leaves — before and after the upstream's
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
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    upstream = vertx.createHttpServer().requestHandler(req -> {
      if (req.path().equals("/port")) { // which client connection carried the request
        vertx.setTimer(req.getParam("hold") == null ? 1 : 100,
            id -> req.response().end(String.valueOf(req.connection().remoteAddress().port())));
        return;
      }
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
    assertNoErrorLogged();
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
    assertUpstreamStoppedQuietly(firstChunk);
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
    assertUpstreamStoppedQuietly(cancelled);
  }

  @Test
  void eachEventLoopKeepsItsOwnUpstreamConnectionsAndReusesThem() throws Exception {
    List<Context> loops = twoEventLoops();
    Map<Context, Set<String>> portsByLoop = new ConcurrentHashMap<>();
    for (int round = 0; round < 3; round++) {
      for (Context loop : loops) { // requests one after the other, alternating between the loops
        String port = onLoop(loop, () -> transport.send(get("/port"), 10_000).compose(UpstreamExchange::body)
            .map(body -> {
              assertTrue(Context.isOnEventLoopThread() && Vertx.currentContext() == loop, "answered on its loop");
              return body.toString();
            }));
        portsByLoop.computeIfAbsent(loop, l -> ConcurrentHashMap.newKeySet()).add(port);
      }
    }
    // one kept-alive connection per loop: a shared pool would have lent one connection to both loops
    assertEquals(1, portsByLoop.get(loops.get(0)).size());
    assertEquals(1, portsByLoop.get(loops.get(1)).size());
    assertNotEquals(portsByLoop.get(loops.get(0)), portsByLoop.get(loops.get(1)));
  }

  @Test
  void maxConnectionsIsSplitBetweenTheEventLoops() throws Exception {
    transport = new HttpTransport(vertx, new ProviderConfig("up", "openai", "http://127.0.0.1:" + upstream.actualPort(),
        "", 30_000, 5_000, 2, Map.of())); // two connections over two loops: one each
    Context loop = twoEventLoops().get(0);
    Set<String> ports = ConcurrentHashMap.newKeySet();
    onLoop(loop, () -> {
      List<Future<String>> all = new ArrayList<>();
      for (int i = 0; i < 3; i++) { // held by the upstream: at once they would need three connections
        all.add(transport.send(get("/port?hold=1"), 10_000).compose(UpstreamExchange::body).map(Buffer::toString));
      }
      return Future.all(all).map(done -> {
        all.forEach(f -> ports.add(f.result()));
        return "";
      });
    });
    assertEquals(1, ports.size(), "three requests queued on the loop's single connection");
  }

  /** Two event-loop contexts on different threads. */
  private List<Context> twoEventLoops() {
    List<Context> loops = new ArrayList<>();
    Set<Thread> threads = new HashSet<>();
    for (int i = 0; i < 16 && loops.size() < 2; i++) {
      Context context = ((VertxInternal) vertx).createEventLoopContext();
      Thread thread = onLoop(context, () -> Future.succeededFuture(Thread.currentThread()));
      if (threads.add(thread)) {
        loops.add(context);
      }
    }
    assertEquals(2, loops.size(), "two event loops");
    return loops;
  }

  private static <T> T onLoop(Context context, java.util.function.Supplier<Future<T>> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> work.get().onComplete(ar -> {
      if (ar.succeeded()) {
        result.complete(ar.result());
      } else {
        result.completeExceptionally(ar.cause());
      }
    }));
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Waits for the cancel, then for the upstream to see its request stopped, with nothing logged at ERROR. */
  private void assertUpstreamStoppedQuietly(Promise<Void> cancelled) throws Exception {
    cancelled.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(endlessStopped.await(10, TimeUnit.SECONDS), "the upstream saw the request stopped");
    assertNoErrorLogged();
  }

  private void assertNoErrorLogged() throws InterruptedException {
    Thread.sleep(200); // anything logged about it has been logged by now
    assertEquals(List.of(), errors());
  }

  private List<String> errors() {
    return logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
        .map(ILoggingEvent::getFormattedMessage).toList();
  }
}
