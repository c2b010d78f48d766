package dev.switchboard.tenant;

import static dev.switchboard.tenant.TenantStoreTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.api.GatewayError;
import dev.switchboard.config.KeyDigest;
import dev.switchboard.config.TenantConfig;
import dev.switchboard.store.Database;
import dev.switchboard.store.StoreBackends;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key lookups: configured keys without the store, stored keys by HMAC digest, a 1 s cache, failing closed. */
class KeyAuthenticatorTest {
  static final String CONFIG_KEY = "sk-config-key-0123456789";

  @TempDir
  Path dir;
  Vertx vertx;
  Database db;
  TenantStore store;
  KeyPepper pepper;
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  KeyAuthenticator auth;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    db = StoreBackends.open(vertx, "sqlite", dir);
    store = new TenantStore(db);
    pepper = new KeyPepper(db);
    TenantDirectory configured = new TenantDirectory(Map.of("acme", new TenantConfig("acme",
        List.of(new TenantConfig.Key("ci", KeyDigest.sha256Hex(CONFIG_KEY))), List.of("demo"), null,
        new BigDecimal("100"), 60, 0)));
    auth = new KeyAuthenticator(() -> configured, pepper, store, nanos::get);
    await(store.create(new TenantSpec("beta", List.of("*"), new TenantLimits(new BigDecimal("5"), null, 10, 1000),
        TenantSpec.Source.API, Instant.now())));
  }

  @AfterEach
  void stop() {
    db.close();
    vertx.close();
  }

  String newKey(String tenant) throws Exception {
    String key = ApiKeys.newKey();
    String id = ApiKeys.newKeyId();
    await(store.addKey(tenant, id, await(pepper.hasher()).digest(key), ApiKeys.prefix(key), Instant.now()));
    return key;
  }

  GatewayError refusal(String key) {
    Exception e = assertThrows(Exception.class, () -> await(auth.authenticate(key)));
    return (GatewayError) e.getCause();
  }

  @Test
  void storedKeysCarryTheirTenantsModelsAndLimits() throws Exception {
    String key = newKey("beta");
    Tenant tenant = await(auth.authenticate(key));
    assertEquals("beta", tenant.id());
    assertEquals(List.of("*"), tenant.models());
    assertEquals(new TenantLimits(new BigDecimal("5"), null, 10, 1000), tenant.limits());
  }

  @Test
  void aStoredKeyOfAConfiguredTenantGetsTheConfiguredPolicy() throws Exception {
    String key = newKey("acme");
    Tenant tenant = await(auth.authenticate(key));
    assertEquals("acme", tenant.id());
    assertEquals(List.of("demo"), tenant.models());
    assertEquals(60, tenant.limits().rpm());
  }

  @Test
  void aRevocationIsSeenOnceTheCachedLookupExpires() throws Exception {
    String key = newKey("beta");
    Tenant tenant = await(auth.authenticate(key));
    await(store.revoke("beta", tenant.keyId(), Instant.now()));
    assertEquals("beta", await(auth.authenticate(key)).id(), "still cached on a replica that did not revoke it");
    nanos.addAndGet(KeyAuthenticator.CACHE_TTL.toNanos() + 1);
    assertEquals(401, refusal(key).status());
  }

  @Test
  void unknownAndOversizedKeysAreRefused() throws Exception {
    assertEquals("invalid_api_key", refusal("sk-sb-nobody-has-this-key").code());
    assertEquals(401, refusal("x".repeat(600)).status());
  }

  @Test
  void whenTheStoreIsDownConfiguredAndCachedKeysWorkAndOthersGet503() throws Exception {
    String cached = newKey("beta");
    String uncached = newKey("beta");
    await(auth.authenticate(cached));
    db.close();

    assertEquals("acme", await(auth.authenticate(CONFIG_KEY)).id(), "configured keys need no store");
    assertEquals("beta", await(auth.authenticate(cached)).id(), "a lookup cached within the last second");
    GatewayError error = refusal(uncached);
    assertEquals(503, error.status());
    assertEquals("auth_unavailable", error.code());
    nanos.addAndGet(KeyAuthenticator.CACHE_TTL.toNanos() + 1);
    assertEquals(503, refusal(cached).status(), "once the cache expires it fails closed too");
  }
}
