package dev.switchboard.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.StoreConfig;
import dev.switchboard.store.Database;
import dev.switchboard.store.StoreBackends;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Stored tenants, keys and the shared pepper, on SQLite and PostgreSQL. */
class TenantStoreTest {
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
    return f.toCompletionStage().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void tenantsAreCreatedOnceReadListedAndUpdatedExactly(String backend) throws Exception {
    try (Database db = StoreBackends.open(vertx, backend, dir)) {
      TenantStore store = new TenantStore(db);
      Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      TenantSpec acme = new TenantSpec("acme", List.of("demo", "gpt-4o"),
          new TenantLimits(new BigDecimal("12.345678901"), null, 60, 10_000), TenantSpec.Source.API, created);
      assertTrue(await(store.create(acme)));
      assertFalse(await(store.create(acme)), "the id is taken");
      assertEquals(Optional.of(acme), await(store.get("acme")));
      assertEquals(Optional.empty(), await(store.get("nobody")));

      TenantSpec changed = new TenantSpec("acme", List.of("*"),
          new TenantLimits(null, new BigDecimal("500"), 0, 0), TenantSpec.Source.API, created);
      assertTrue(await(store.update(changed)));
      assertFalse(await(store.update(new TenantSpec("nobody", List.of("*"), TenantLimits.NONE,
          TenantSpec.Source.API, created))));
      assertTrue(await(store.create(new TenantSpec("beta", List.of("demo"), TenantLimits.NONE, TenantSpec.Source.API,
          created))));
      assertEquals(List.of(changed.id(), "beta"), await(store.list()).stream().map(TenantSpec::id).toList());
      assertEquals(new BigDecimal("500"), await(store.get("acme")).orElseThrow().limits().monthlyBudgetUsd());
    }
  }

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void keysAreFoundByDigestListedWithoutSecretsAndRevoked(String backend) throws Exception {
    try (Database db = StoreBackends.open(vertx, backend, dir)) {
      TenantStore store = new TenantStore(db);
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      await(store.create(new TenantSpec("acme", List.of("demo"), TenantLimits.NONE, TenantSpec.Source.API, now)));
      KeyRecord added = await(store.addKey("acme", "key_1", "d1", "sk-sb-abcdef", now));
      await(store.addKey("config-tenant", "key_2", "d2", "sk-sb-ghijkl", now.plusSeconds(1)));

      TenantStore.KeyMatch match = await(store.findKey("d1")).orElseThrow();
      assertEquals("key_1", match.keyId());
      assertEquals("acme", match.tenantId());
      assertFalse(match.revoked());
      assertEquals("acme", match.storedTenant().orElseThrow().id());
      assertTrue(await(store.findKey("d2")).orElseThrow().storedTenant().isEmpty(),
          "a key of a configured tenant has no stored tenant");
      assertTrue(await(store.findKey("unknown")).isEmpty());

      assertEquals(List.of(added), await(store.keys("acme")));
      assertTrue(await(store.revoke("acme", "key_1", now.plusSeconds(5))));
      assertTrue(await(store.revoke("acme", "key_1", now.plusSeconds(9))), "revoking again is harmless");
      assertFalse(await(store.revoke("other", "key_1", now)), "a key is revoked only through its tenant");
      assertTrue(await(store.findKey("d1")).orElseThrow().revoked());
      KeyRecord listed = await(store.keys("acme")).get(0);
      assertEquals(now.plusSeconds(5), listed.revoked(), "the first revocation time is kept");
      assertEquals("sk-sb-abcdef", listed.prefix());
    }
  }

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void everyReplicaReadsTheSamePepper(String backend) throws Exception {
    StoreConfig config = StoreBackends.config(backend, dir);
    try (Database first = Database.open(vertx, config); Database second = Database.open(vertx, config)) {
      await(first.migrate());
      await(second.migrate());
      KeyHasher a = await(new KeyPepper(first).hasher());
      KeyHasher b = await(new KeyPepper(second).hasher());
      assertNotNull(a);
      assertEquals(a.digest("sk-sb-some-key"), b.digest("sk-sb-some-key"));
      String stored = await(first.call(c -> {
        try (var q = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
          q.setString(1, KeyPepper.SETTING);
          try (var rs = q.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
          }
        }
      }));
      assertTrue(stored.matches("[0-9a-f]{64}"), "32 random bytes in hex");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void aTenantWithoutBudgetsReadsBackAsNone(String backend) throws Exception {
    try (Database db = StoreBackends.open(vertx, backend, dir)) {
      TenantStore store = new TenantStore(db);
      await(store.create(new TenantSpec("free", List.of("*"), TenantLimits.NONE, TenantSpec.Source.API, Instant.EPOCH)));
      TenantLimits limits = await(store.get("free")).orElseThrow().limits();
      assertNull(limits.dailyBudgetUsd());
      assertNull(limits.monthlyBudgetUsd());
      assertFalse(limits.hasBudget());
    }
  }
}
