package dev.switchboard.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.config.StoreConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The stores every store test runs against: a fresh SQLite file, and PostgreSQL at 127.0.0.1:5432 (database
 * {@code test}, trust auth) in a schema of its own, so parallel runs never see each other's tables. With
 * {@code CI=true} PostgreSQL is mandatory; elsewhere its tests are skipped when no server answers.
 */
public final class StoreBackends {
  public static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  public static final String PG_USER = "postgres";

  private StoreBackends() {}

  /** The backend names, for {@code @MethodSource}. */
  public static Stream<String> names() {
    return Stream.of("sqlite", "postgresql");
  }

  /** A store configuration for {@code backend}: a new SQLite file in {@code dir}, or a new PostgreSQL schema. */
  public static StoreConfig config(String backend, Path dir) {
    if (backend.equals("sqlite")) {
      return new StoreConfig("jdbc:sqlite:" + dir.resolve("store-" + UUID.randomUUID() + ".db"), null, null);
    }
    requirePostgres();
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, null); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test schema in PostgreSQL", e);
    }
    return new StoreConfig(PG_URL + "?currentSchema=" + schema, PG_USER, null);
  }

  /** Opens a migrated store for {@code backend}. */
  public static Database open(Vertx vertx, String backend, Path dir) throws Exception {
    Database db = Database.open(vertx, config(backend, dir));
    db.migrate().toCompletionStage().toCompletableFuture().get();
    return db;
  }

  /** Skips the test when PostgreSQL is not reachable, except on CI where it must be. */
  public static void requirePostgres() {
    boolean up;
    try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, null)) {
      up = c.isValid(2);
    } catch (SQLException e) {
      up = false;
    }
    if (!up && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 (database test) is required on CI");
    }
    assumeTrue(up, "PostgreSQL at 127.0.0.1:5432 is not reachable");
  }
}
