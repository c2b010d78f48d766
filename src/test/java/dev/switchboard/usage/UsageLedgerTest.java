package dev.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.LedgerConfig;
import dev.switchboard.config.StoreConfig;
import dev.switchboard.store.Database;
import dev.switchboard.store.StoreBackends;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ledger on SQLite and PostgreSQL: exactly-once storage, replays, store outages, shutdown flush, crash recovery. */
class UsageLedgerTest {
  @TempDir
  Path dir;
  Vertx vertx;
  Database db;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    if (db != null) {
      db.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private UsageLedger ledger(Vertx on, Database database, long flushMs) {
    return ledger(on, database, flushMs, 200);
  }

  private UsageLedger ledger(Vertx on, Database database, long flushMs, int batchSize) {
    return UsageLedger.open(on, database, new LedgerConfig(dir.resolve("journal").toString(), batchSize, flushMs,
        1000), new SimpleMeterRegistry());
  }

  private static void recordAll(UsageLedger ledger, List<UsageEvent> events) throws Exception {
    Future.all(events.stream().map(ledger::record).toList()).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  private long segments() throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("journal"))) {
      return files.count();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void everyEventIsStoredOnceAndReplaysAddNothing(String backend) throws Exception {
    db = StoreBackends.open(vertx, backend, dir);
    List<UsageEvent> events = LedgerEvents.make("r", 2_000, 1);
    UsageLedger ledger = ledger(vertx, db, 50);
    recordAll(ledger, events);
    await("the backlog is stored", () -> ledger.backlog() == 0);
    assertEquals(2_000, LedgerEvents.count(db));
    assertEquals(LedgerEvents.sum(events), LedgerEvents.storedSum(db));

    recordAll(ledger, events.subList(0, 700));
    await("the replay is processed", () -> ledger.backlog() == 0);
    assertEquals(2_000, LedgerEvents.count(db), "a replayed event adds nothing");
    assertEquals(LedgerEvents.sum(events), LedgerEvents.storedSum(db));
    ledger.close();
  }

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void eventsWaitInTheJournalWhileTheStoreIsDownAndNoneIsLost(String backend) throws Exception {
    db = StoreBackends.open(vertx, backend, dir);
    UsageLedger ledger = ledger(vertx, db, 20);
    LedgerEvents.exec(db, "ALTER TABLE usage_events RENAME TO usage_events_away");
    List<UsageEvent> events = LedgerEvents.make("down", 1_500, 2);
    Thread writer = new Thread(() -> {
      try {
        recordAll(ledger, events.subList(750, 1_500));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    writer.start();
    recordAll(ledger, events.subList(0, 750));
    writer.join(60_000);
    Thread.sleep(300); // several failed batcher passes
    assertEquals(1_500, ledger.backlog(), "nothing reached the store while it was down");
    LedgerEvents.exec(db, "ALTER TABLE usage_events_away RENAME TO usage_events");
    await("the store takes the backlog", () -> ledger.backlog() == 0);
    assertEquals(1_500, LedgerEvents.count(db));
    assertEquals(LedgerEvents.sum(events), LedgerEvents.storedSum(db));
    ledger.close();
  }

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void closeFlushesTheBacklogAndLeavesAnEmptyJournal(String backend) throws Exception {
    StoreConfig config = StoreBackends.config(backend, dir);
    db = Database.open(vertx, config);
    db.migrate().toCompletionStage().toCompletableFuture().get();
    UsageLedger ledger = ledger(vertx, db, 600_000, 1_000); // neither the timer nor a full batch moves them
    List<UsageEvent> events = LedgerEvents.make("term", 500, 3);
    recordAll(ledger, events);
    assertEquals(500, ledger.backlog());
    ledger.close();
    assertEquals(0, ledger.backlog());
    assertEquals(0, segments(), "a flushed journal is removed");
    try (Database again = Database.open(vertx, config)) {
      again.migrate().toCompletionStage().toCompletableFuture().get();
      assertEquals(500, LedgerEvents.count(again));
      assertEquals(LedgerEvents.sum(events), LedgerEvents.storedSum(again));
    }
  }

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void eventsJournaledBeforeACrashAreStoredOnTheNextStart(String backend) throws Exception {
    db = StoreBackends.open(vertx, backend, dir);
    Vertx crashed = Vertx.vertx();
    Database unreachable = Database.open(crashed, new StoreConfig(
        "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1", "x", null));
    UsageLedger before = ledger(crashed, unreachable, 20);
    List<UsageEvent> events = LedgerEvents.make("crash", 800, 4);
    recordAll(before, events);
    assertEquals(800, before.backlog());
    crashed.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS); // no close(): a crash
    try (Stream<Path> files = Files.list(dir.resolve("journal"))) {
      Path segment = files.sorted().reduce((a, b) -> b).orElseThrow();
      Files.write(segment, "{\"event_id\":\"torn".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    }

    UsageLedger after = ledger(vertx, db, 20);
    assertEquals(800, after.backlog(), "the journal's complete lines are the backlog; the torn one is not");
    await("the replay is stored", () -> after.backlog() == 0);
    assertEquals(800, LedgerEvents.count(db));
    assertEquals(LedgerEvents.sum(events), LedgerEvents.storedSum(db));
    after.close();
    assertTrue(segments() == 0, "once stored, the old segments are deleted");
    unreachable.close();
  }
}
