package dev.switchboard.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.Json;
import dev.switchboard.store.Database;
import dev.switchboard.store.StoreBackends;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Published prompt versions on SQLite and PostgreSQL: numbered per name, immutable, one active. */
class PromptStoreTest {
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

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get();
  }

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void versionsAreNumberedKeptAndRolledBack(String backend) throws Exception {
    try (Database db = StoreBackends.open(vertx, backend, dir)) {
      PromptStore store = new PromptStore(db);
      assertEquals(1, await(store.publish("a", Json.MAPPER.createObjectNode().put("n", 1))));
      assertEquals(2, await(store.publish("a", Json.MAPPER.createObjectNode().put("n", 2))));
      assertEquals(1, await(store.publish("b", Json.MAPPER.createObjectNode().put("n", 9))));

      List<PromptStore.Stored> active = await(store.active());
      assertEquals(List.of("a:2", "b:1"), active.stream().map(s -> s.name() + ":" + s.version()).toList());
      assertTrue(await(store.rollback("a", 1)));
      assertFalse(await(store.rollback("a", 5)));
      List<PromptStore.Stored> versions = await(store.versions("a"));
      assertEquals(2, versions.size());
      assertTrue(versions.get(0).active());
      assertEquals(2, versions.get(1).definition().path("n").asInt(), "a rollback never changes a version");
      assertEquals(3, await(store.publish("a", Json.MAPPER.createObjectNode().put("n", 3))), "numbers never repeat");
    }
  }
}
