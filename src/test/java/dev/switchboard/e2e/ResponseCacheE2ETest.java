package dev.switchboard.e2e;

import static dev.switchboard.e2e.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.limit.RedisBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The response cache: opt-in, exact-match, per tenant, bounded in time, billed at zero, local or shared in Redis. */
class ResponseCacheE2ETest {
  static final String KEY_A = "sk-test-cache-tenant-a-0001";
  static final String KEY_B = "sk-test-cache-tenant-b-0002";

  @TempDir
  Path dir;
  Upstream upstream;

  @BeforeEach
  void start() {
    upstream = new Upstream();
    upstream.wm.stubFor(Upstream.chatFor("m").willReturn(Upstream.completion()));
  }

  @AfterEach
  void stop() {
    upstream.close();
  }

  String sections(String cache) {
    return """
        %s
        providers:
          up: { type: openai, base_url: "%s", api_key: "%s" }
        models:
          cached: { deployments: [ { provider: up, model: m, price: { input_per_mtok: 10, output_per_mtok: 30 } } ], cache: { ttl_ms: 60000 } }
          plain: { deployments: [ { provider: up, model: m, price: { input_per_mtok: 10, output_per_mtok: 30 } } ] }
        tenants:
          a: { keys: [ { id: a1, key: "%s" } ], models: [ "*" ] }
          b: { keys: [ { id: b1, key: "%s" } ], models: [ "*" ] }
        """.formatted(cache, upstream.baseUrl(), Upstream.SECRET, KEY_A, KEY_B);
  }

  int upstreamCalls() {
    return upstream.receivedBodies().size();
  }

  GatewayFixture.Reply ask(GatewayFixture gw, String key, String model, String cacheControl) {
    okhttp3.Request.Builder b = gw.chatRequest(key, chat(model, "What is a cache?"));
    if (cacheControl != null) {
      b.header("cache-control", cacheControl);
    }
    return gw.send(b.build());
  }

  @Test
  void aCachedModelAnswersTheSameRequestOnceFromUpstreamThenFromTheCacheAtNoCost() {
    try (GatewayFixture gw = GatewayFixture.start(dir, sections(""))) {
      GatewayFixture.Reply first = ask(gw, KEY_A, "cached", null);
      assertEquals("miss", first.header("x-switchboard-cache"));
      assertTrue(Double.parseDouble(first.header("x-switchboard-cost-usd")) > 0);
      GatewayFixture.Reply second = ask(gw, KEY_A, "cached", null);
      assertEquals(200, second.status(), second.body());
      assertEquals("hit", second.header("x-switchboard-cache"));
      assertEquals("0", second.header("x-switchboard-cost-usd"));
      assertEquals(first.json().path("choices"), second.json().path("choices"), "the same answer");
      assertEquals(first.json().path("usage").path("total_tokens"), second.json().path("usage").path("total_tokens"));
      assertEquals(1, upstreamCalls(), "one upstream call for two requests");

      GatewayFixture.Reply otherTenant = ask(gw, KEY_B, "cached", null);
      assertEquals("miss", otherTenant.header("x-switchboard-cache"), "never shared across tenants");
      assertNull(ask(gw, KEY_A, "cached", "no-cache").header("x-switchboard-cache"), "no-cache bypasses the cache");
      assertEquals(3, upstreamCalls(), "no-cache went upstream");
      assertTrue(gw.get("/metrics", null).body().contains("switchboard_cache_requests_total{model=\"cached\",result=\"hit\"} 1.0"));
    }
  }

  @Test
  void otherModelsCacheOnlyWhenTheRequestAsksAndOnlyForAsLongAsItAsks() throws Exception {
    try (GatewayFixture gw = GatewayFixture.start(dir, sections(""))) {
      assertNull(ask(gw, KEY_A, "plain", null).header("x-switchboard-cache"), "not cacheable unless asked");
      assertNull(ask(gw, KEY_A, "plain", null).header("x-switchboard-cache"));
      assertEquals(2, upstreamCalls());
      assertEquals("miss", ask(gw, KEY_A, "plain", "max-age=1").header("x-switchboard-cache"));
      assertEquals("hit", ask(gw, KEY_A, "plain", "max-age=1").header("x-switchboard-cache"));
      Thread.sleep(1_300);
      assertEquals("miss", ask(gw, KEY_A, "plain", "max-age=1").header("x-switchboard-cache"), "expired after 1 s");
      assertEquals(4, upstreamCalls());
    }
  }

  @Test
  void replicasSharingRedisShareTheCache() throws Exception {
    RedisBackend.require();
    String cache = "redis: { url: \"" + RedisBackend.URL + "\" }\ncache: { shared: true }";
    String unique = UUID.randomUUID().toString();
    try (GatewayFixture a = GatewayFixture.start(Files.createDirectories(dir.resolve("a")), sections(cache));
         GatewayFixture b = GatewayFixture.start(Files.createDirectories(dir.resolve("b")), sections(cache))) {
      GatewayFixture.Reply first = a.send(a.chatRequest(KEY_A, chat("cached", "shared " + unique)).build());
      GatewayFixture.Reply second = b.send(b.chatRequest(KEY_A, chat("cached", "shared " + unique)).build());
      assertEquals("miss", first.header("x-switchboard-cache"));
      assertEquals("hit", second.header("x-switchboard-cache"), "answered by the other replica from Redis");
      assertEquals(1, upstreamCalls());
    }
  }
}
