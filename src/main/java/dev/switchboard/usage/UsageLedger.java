package dev.switchboard.usage;

import dev.switchboard.api.Json;
import dev.switchboard.config.LedgerConfig;
import dev.switchboard.store.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage ledger. {@link #record} appends an event to the local journal ({@link LedgerJournal}) on the ledger's
 * own thread and completes once the line is written, so a response is finished only after its event is on file;
 * the event loop never waits. A batcher moves journaled events to the store every {@code flush_interval_ms} (or
 * as soon as a batch is full), idempotently by event id; while the store is down they stay in the journal and
 * move once it answers again, also after a restart. {@link #close} flushes before the process exits.
 */
public final class UsageLedger implements AutoCloseable {
  /** The metric of events recorded but not yet in the store. */
  public static final String BACKLOG_METRIC = "switchboard.ledger.backlog";
  private static final Logger LOG = LoggerFactory.getLogger(UsageLedger.class);
  private static final long CLOSE_FLUSH_MS = 15_000;
  private static final long CLOSE_RETRY_MS = 200;

  private final Vertx vertx;
  private final Database database;
  private final LedgerConfig config;
  private final LedgerJournal journal;
  private final WorkerExecutor journalThread;
  private final AtomicLong backlog = new AtomicLong();
  /** Events whose journal append failed (disk trouble): kept here and sent to the store first. */
  private final Queue<UsageEvent> unjournaled = new ConcurrentLinkedQueue<>();
  /** Events waiting for the journal thread, which appends all it finds in one write. */
  private final Queue<QueuedEvent> queued = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean appendScheduled = new AtomicBoolean();
  private final long timer;
  private final long syncTimer;
  private Future<Void> draining = Future.succeededFuture();
  private volatile boolean storeFailing;

  private UsageLedger(Vertx vertx, Database database, LedgerConfig config, LedgerJournal journal, long pending) {
    this.vertx = vertx;
    this.database = database;
    this.config = config;
    this.journal = journal;
    this.journalThread = vertx.createSharedWorkerExecutor("switchboard-ledger", 1);
    this.backlog.set(pending);
    this.timer = vertx.setPeriodic(config.flushIntervalMs(), id -> drain());
    this.syncTimer = config.fsyncIntervalMs() == 0 ? -1 : vertx.setPeriodic(config.fsyncIntervalMs(), id -> sync());
  }

  /** Forces lines appended since the last sync to disk, so none waits longer than {@code fsync_interval_ms}. */
  private void sync() {
    journalThread.executeBlocking(() -> {
      journal.sync();
      return null;
    }, false).onFailure(e -> LOG.error("usage journal fsync failed: {}", e.toString()));
  }

  /** Opens the journal (blocking: call at startup), registers the backlog gauge and starts the batcher. */
  public static UsageLedger open(Vertx vertx, Database database, LedgerConfig config, MeterRegistry registry) {
    LedgerJournal journal = new LedgerJournal(Path.of(config.journalDir()), config.fsyncIntervalMs(),
        LedgerJournal.ROTATE_BYTES);
    long pending;
    try {
      pending = journal.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the usage journal in " + config.journalDir(), e);
    }
    if (pending > 0) {
      LOG.info("usage journal holds {} event(s) from an earlier run; replaying them to the store", pending);
    }
    UsageLedger ledger = new UsageLedger(vertx, database, config, journal, pending);
    Gauge.builder(BACKLOG_METRIC, ledger.backlog, AtomicLong::get)
        .description("Usage events recorded in the journal but not yet committed to the store")
        .register(registry);
    database.ready().onSuccess(v -> ledger.drain());
    return ledger;
  }

  /**
   * Appends {@code event} to the journal. The future completes (on the caller's context) once the line is
   * written; it never fails: an event the journal cannot take is held in memory for the store instead. Events
   * recorded while the journal thread is busy are written together, in one write (group commit), and the thread is
   * woken once the calling event loop has finished its current work, so the events an event loop records in one
   * pass share one wake-up.
   */
  public Future<Void> record(UsageEvent event) {
    Context caller = vertx.getOrCreateContext();
    Promise<Void> written = Promise.promise();
    queued.add(new QueuedEvent(event, () -> caller.runOnContext(v -> written.complete())));
    if (appendScheduled.compareAndSet(false, true)) {
      // woken once the loop has run what it is running now, so the events it records meanwhile share the wake-up
      caller.runOnContext(v -> wakeJournalThread());
    }
    return written.future().onSuccess(v -> {
      if (backlog.get() >= config.batchSize()) {
        drain();
      }
    });
  }

  private void wakeJournalThread() {
    journalThread.executeBlocking(() -> {
      appendQueued();
      return null;
    }, false).onFailure(refused -> { // the journal thread is gone (closing): keep the events for the store
      appendScheduled.set(false);
      hold(refused);
    });
  }

  /** On the journal thread: writes every queued event in one append, then tells their callers. */
  private void appendQueued() {
    appendScheduled.set(false); // an event queued from now on schedules another pass
    List<QueuedEvent> group = takeQueued();
    if (group.isEmpty()) {
      return;
    }
    List<byte[]> lines = new ArrayList<>(group.size());
    try {
      for (QueuedEvent q : group) {
        lines.add(Json.MAPPER.writeValueAsBytes(q.event()));
      }
      journal.append(lines);
    } catch (IOException | RuntimeException e) {
      group.forEach(q -> unjournaled.add(q.event()));
      LOG.error("usage journal append failed for {} event(s); holding them in memory for the store: {}",
          group.size(), e.toString());
    }
    backlog.addAndGet(group.size()); // before the batcher can read the lines
    group.forEach(q -> q.written().run());
  }

  /** The journal cannot be reached: every queued event is held in memory for the store instead. */
  private void hold(Throwable cause) {
    List<QueuedEvent> group = takeQueued();
    if (group.isEmpty()) {
      return;
    }
    group.forEach(q -> unjournaled.add(q.event()));
    LOG.error("usage journal unavailable for {} event(s); holding them in memory for the store: {}", group.size(),
        cause.toString());
    backlog.addAndGet(group.size());
    group.forEach(q -> q.written().run());
  }

  private List<QueuedEvent> takeQueued() {
    List<QueuedEvent> group = new ArrayList<>();
    for (QueuedEvent q; (q = queued.poll()) != null; ) {
      group.add(q);
    }
    return group;
  }

  /** Lines read from the journal and the events they hold. */
  private record ParsedBatch(LedgerJournal.Batch batch, List<UsageEvent> events) {}

  /** An event waiting for the journal thread, and how to tell its caller it is on file. */
  private record QueuedEvent(UsageEvent event, Runnable written) {}

  /**
   * The budget history: the USD recorded for {@code tenant} at or after {@code from}, counted in the store after
   * moving every journaled event there (so events of the last run that were still in the journal count too).
   */
  public Future<BigDecimal> spentSince(String tenant, Instant from) {
    return drain().transform(drained -> database.call(c -> UsageStore.spentSince(c, tenant, from.toEpochMilli())));
  }

  /** Events recorded but not yet committed to the store. */
  public long backlog() {
    return backlog.get();
  }

  /** Moves every event recorded so far to the store; fails when the store does not take them now. */
  public synchronized Future<Void> drain() {
    if (!draining.isComplete()) {
      return draining;
    }
    if (!database.ready().isComplete()) {
      return Future.failedFuture(new IllegalStateException("the store schema is not ready"));
    }
    Promise<Void> done = Promise.promise();
    draining = done.future();
    loop(done);
    return draining;
  }

  private void loop(Promise<Void> done) {
    pass().onComplete(ar -> {
      if (ar.failed()) {
        if (!storeFailing) {
          LOG.warn("usage events stay in the journal until the store answers again: {}", ar.cause().toString());
        }
        storeFailing = true;
        done.fail(ar.cause());
      } else if (ar.result()) {
        loop(done);
      } else {
        if (storeFailing) {
          LOG.info("the store answers again; the usage backlog is written");
        }
        storeFailing = false;
        done.complete();
      }
    });
  }

  /**
   * Moves one batch; yields true when more may follow: a full batch, or events held in memory. A partial batch
   * read the journal to its end, so everything recorded before the drain began has moved; stopping there keeps a
   * busy gateway from chasing each new event with its own store transaction.
   */
  private Future<Boolean> pass() {
    List<UsageEvent> held = new ArrayList<>();
    for (UsageEvent e; held.size() < config.batchSize() && (e = unjournaled.poll()) != null; ) {
      held.add(e);
    }
    if (!held.isEmpty()) {
      return database.call(c -> UsageStore.insert(c, held)).map(n -> {
        backlog.addAndGet(-held.size());
        return true;
      }).recover(e -> {
        unjournaled.addAll(held);
        return Future.failedFuture(e);
      });
    }
    // read and parsed on the journal thread: a batch of lines is no work for an event loop
    return journalThread.executeBlocking(() -> {
      LedgerJournal.Batch read = journal.read(config.batchSize());
      return new ParsedBatch(read, parse(read.lines()));
    }, false).compose(parsed -> {
      LedgerJournal.Batch batch = parsed.batch();
      if (batch.isEmpty()) {
        return Future.succeededFuture(false);
      }
      List<UsageEvent> events = parsed.events();
      Future<Integer> stored = events.isEmpty() ? Future.succeededFuture(0)
          : database.call(c -> UsageStore.insert(c, events));
      return stored.compose(n -> journalThread.executeBlocking(() -> {
        journal.committed(batch);
        return true;
      }, false)).map(moved -> {
        backlog.addAndGet(-batch.lines().size());
        return batch.lines().size() >= config.batchSize();
      });
    });
  }

  private static List<UsageEvent> parse(List<String> lines) {
    List<UsageEvent> events = new ArrayList<>(lines.size());
    for (String line : lines) {
      try {
        events.add(Json.MAPPER.readValue(line, UsageEvent.class));
      } catch (IOException e) {
        LOG.error("skipping an unreadable usage journal line ({} bytes): {}", line.length(), e.getMessage());
      }
    }
    return events;
  }

  /**
   * Stops the batcher and moves the backlog to the store (retrying for up to 15 s while the store refuses), then
   * closes the journal; whatever the store did not take stays in the journal for the next start. Blocking.
   */
  @Override
  public void close() {
    vertx.cancelTimer(timer);
    vertx.cancelTimer(syncTimer);
    long deadline = System.currentTimeMillis() + CLOSE_FLUSH_MS;
    while (backlog.get() > 0 && System.currentTimeMillis() < deadline) {
      try {
        drain().toCompletionStage().toCompletableFuture()
            .get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        sleep(CLOSE_RETRY_MS);
      }
    }
    if (backlog.get() > 0) {
      LOG.warn("{} usage event(s) not in the store at shutdown; they stay in the journal and are replayed on the "
          + "next start", backlog.get());
    }
    try {
      journalThread.executeBlocking(() -> {
        journal.close();
        return null;
      }, false).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("usage journal did not close cleanly: {}", e.toString());
    }
    journalThread.close();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
