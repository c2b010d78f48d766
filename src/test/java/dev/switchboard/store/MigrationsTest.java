package dev.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.config.StoreConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Versioned migrations on SQLite and PostgreSQL: applied once, recorded, and safe to run again. */
class MigrationsTest {
  @TempDir
  Path dir;
  Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close();
  }

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void everyMigrationIsAppliedOnceAndRecorded(String backend) throws Exception {
    StoreConfig config = StoreBackends.config(backend, dir);
    int shipped = Migrations.load(Dialect.of(config.url())).size();
    try (Database db = Database.open(vertx, config)) {
      db.migrate().toCompletionStage().toCompletableFuture().get();
      db.ping().toCompletionStage().toCompletableFuture().get();
    }
    try (Database again = Database.open(vertx, config)) {
      again.migrate().toCompletionStage().toCompletableFuture().get();
      int recorded = again.call(c -> {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM schema_version")) {
          rs.next();
          return rs.getInt(1);
        }
      }).toCompletionStage().toCompletableFuture().get();
      assertEquals(shipped, recorded, "a second start applies nothing again");
    }
  }

  @Test
  void statementsSplitAtSemicolonsAndSkipComments() {
    assertEquals(List.of("CREATE TABLE a (x TEXT)", "CREATE INDEX i ON a (x)"),
        Migrations.statements("-- a comment\nCREATE TABLE a (x TEXT);\n\nCREATE INDEX i ON a (x);\n"));
  }

  @Test
  void anUnreachableStoreIsNotReadyUntilMigrated() {
    StoreConfig nowhere = new StoreConfig("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1", "x", null);
    try (Database db = Database.open(vertx, nowhere)) {
      db.migrate();
      assertThrows(Exception.class, () -> db.ping().toCompletionStage().toCompletableFuture().get());
    }
  }
}
