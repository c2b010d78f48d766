package dev.switchboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.config.StoreConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The JDBC store (SQLite embedded by default, PostgreSQL when scaled out), reached only from its own
 * worker pool so that no event loop ever blocks on it.
 */
public final class Database implements AutoCloseable {
  private static final int WORKERS = 4;

  private final HikariDataSource dataSource;
  private final WorkerExecutor workers;

  private Database(HikariDataSource dataSource, WorkerExecutor workers) {
    this.dataSource = dataSource;
    this.workers = workers;
  }

  /** Opens the pool; for SQLite, creates the database file's folder first. Blocking: call at startup. */
  public static Database open(Vertx vertx, StoreConfig config) {
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
    return new Database(new HikariDataSource(hikari), vertx.createSharedWorkerExecutor("switchboard-store", WORKERS));
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
    dataSource.close();
    workers.close();
  }
}
