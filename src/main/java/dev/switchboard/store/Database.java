package dev.switchboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.config.StoreConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC store (SQLite embedded by default, PostgreSQL when scaled out), reached only from its own
 * worker pool so that no event loop ever blocks on it.
 */
public final class Database implements AutoCloseable {
  private static final int WORKERS = 4;

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final long MIGRATION_RETRY_MS = 5_000;

  private final Vertx vertx;
  private final HikariDataSource dataSource;
  private final WorkerExecutor workers;
  private final Dialect dialect;
  private final Promise<Void> migrated = Promise.promise();
  private volatile boolean closed;

  private Database(Vertx vertx, HikariDataSource dataSource, WorkerExecutor workers, Dialect dialect) {
    this.vertx = vertx;
    this.dataSource = dataSource;
    this.workers = workers;
    this.dialect = dialect;
  }

  /** Opens the pool; for SQLite, creates the database file's folder first. Blocking: call at startup. */
  public static Database open(Vertx vertx, StoreConfig config) {
    Dialect dialect = Dialect.of(config.url());
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.url());
    hikari.setPoolName("switchboard-store");
    hikari.setInitializationFailTimeout(-1);
    hikari.setConnectionTimeout(5_000);
    if (config.url().startsWith("jdbc:sqlite:")) {
      sqliteFolder(config.url().substring("jdbc:sqlite:".length()));
      hikari.setMaximumPoolSize(1);
      hikari.setConnectionInitSql("PRAGMA journal_mode=WAL");
    } else {
      hikari.setMaximumPoolSize(WORKERS);
      hikari.setUsername(config.user());
      hikari.setPassword(config.password());
    }
    return new Database(vertx, new HikariDataSource(hikari), vertx.createSharedWorkerExecutor("switchboard-store", WORKERS),
        dialect);
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * Brings the schema up to date, now and, while the store is unreachable, again every few seconds until it
   * succeeds. The returned future completes once the schema is current; {@link #ping()} fails until then.
   */
  public Future<Void> migrate() {
    List<Migrations.Migration> migrations = Migrations.load(dialect);
    tryMigrate(migrations);
    return migrated.future();
  }

  private void tryMigrate(List<Migrations.Migration> migrations) {
    call(c -> Migrations.apply(c, dialect, migrations)).onSuccess(applied -> {
      if (applied > 0) {
        LOG.info("store schema migrated: {} migration(s) applied", applied);
      }
      migrated.tryComplete();
    }).onFailure(e -> {
      if (closed) {
        return;
      }
      LOG.warn("store schema migration failed, retrying in {} ms: {}", MIGRATION_RETRY_MS, e.getMessage());
      vertx.setTimer(MIGRATION_RETRY_MS, id -> tryMigrate(migrations));
    });
  }

  /** The schema is current (migrations applied). */
  public Future<Void> ready() {
    return migrated.future();
  }

  /**
   * Runs JDBC work on the store's worker pool (never on an event loop); the connection is returned to the pool
   * afterwards. Work that needs a transaction manages it on the connection it is given.
   */
  public <T> Future<T> call(SqlWork<T> work) {
    return workers.executeBlocking(() -> {
      try (Connection c = dataSource.getConnection()) {
        return work.run(c);
      }
    }, false);
  }

  private static void sqliteFolder(String file) {
    if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
      return;
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the folder of the SQLite store " + parent, e);
    }
  }

  /** Succeeds when a trivial query answers; used by {@code /readyz}. */
  public Future<Void> ping() {
    if (!migrated.future().isComplete()) {
      return Future.failedFuture(new IllegalStateException("store schema not migrated yet (store unreachable?)"));
    }
    return workers.executeBlocking(() -> {
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.setQueryTimeout(2);
        s.execute("SELECT 1");
        return null;
      } catch (SQLException e) {
        throw new IllegalStateException("store unreachable: " + e.getMessage(), e);
      }
    }, false);
  }

  @Override
  public void close() {
    closed = true;
    dataSource.close();
    workers.close();
  }
}
