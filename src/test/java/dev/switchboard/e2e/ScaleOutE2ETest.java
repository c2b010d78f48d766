package dev.switchboard.e2e;

import static dev.switchboard.e2e.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.config.StoreConfig;
import dev.switchboard.limit.RedisBackend;
import dev.switchboard.store.StoreBackends;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway replicas on one PostgreSQL and one Redis behave as one gateway: one ledger that counts every request
 * exactly once whichever replica served it, prompts published on one served by the other, one rate limit.
 */
class ScaleOutE2ETest {
  static final String ADMIN = "adm-scale-out-key-0001";
  static final String KEY = "sk-test-scale-out-tenant-01";
  static final MediaType JSON = MediaType.get("application/json");

  @TempDir
  Path dir;

  /** A tenant id of its own per run: Redis keeps rate-limit state across test runs for a minute. */
  final String tenant = "acme-" + java.util.UUID.randomUUID().toString().substring(0, 8);

  String yaml(Path own, StoreConfig store, String limits) {
    return """
        server: { host: 127.0.0.1, port: 0, drain_timeout_ms: 2000 }
        admin: { key: "%s" }
        store: { url: "%s", user: "%s" }
        redis: { url: "%s" }
        ledger: { journal_dir: "%s", flush_interval_ms: 50 }
        prompts: { dir: "%s", reload_interval_ms: 200 }
        logging: { level: warn }
        providers:
          local: { type: mock }
        models:
          demo: { deployments: [ { provider: local, model: mock-1, price: { input_per_mtok: 2.5, output_per_mtok: 10 } } ] }
        tenants:
          %s:
            keys: [ { id: app, key: "%s" } ]
            models: [ demo ]
            %s
        """.formatted(ADMIN, store.url(), store.user(), RedisBackend.URL, own.resolve("ledger").toAbsolutePath(),
        own.resolve("prompts").toAbsolutePath(), tenant, KEY, limits);
  }

  GatewayFixture[] replicas(String limits) throws Exception {
    RedisBackend.require();
    StoreConfig store = StoreBackends.config("postgresql", dir);
    GatewayFixture a = GatewayFixture.startYaml(Files.createDirectories(dir.resolve("a")), yaml(dir.resolve("a"), store, limits));
    try {
      return new GatewayFixture[] {a, GatewayFixture.startYaml(Files.createDirectories(dir.resolve("b")),
          yaml(dir.resolve("b"), store, limits))};
    } catch (RuntimeException e) {
      a.close();
      throw e;
    }
  }

  static void closeAll(GatewayFixture[] gws) {
    for (GatewayFixture gw : gws) {
      gw.close();
    }
  }

  @Test
  void aThousandRequestsOverTwoReplicasAppearExactlyOnceInTheReport() throws Exception {
    GatewayFixture[] gws = replicas("");
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<BigDecimal>> calls = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        GatewayFixture gw = gws[i % 2];
        String text = "request number " + i;
        calls.add(clients.submit(() -> {
          GatewayFixture.Reply reply = gw.postChat(KEY, chat("demo", text));
          assertEquals(200, reply.status(), reply.body());
          return new BigDecimal(reply.header("x-switchboard-cost-usd"));
        }));
      }
      BigDecimal told = BigDecimal.ZERO;
      for (Future<BigDecimal> call : calls) {
        told = told.add(call.get(120, TimeUnit.SECONDS));
      }
      String report = "/admin/reports/cost?group_by=tenant&from=" + LocalDate.now(ZoneOffset.UTC) + "&to="
          + LocalDate.now(ZoneOffset.UTC).plusDays(1);
      JsonNode total = null;
      for (int i = 0; i < 100; i++) {
        total = gws[i % 2].get(report, ADMIN).json().path("total");
        if (total.path("requests").asLong() >= 1000) {
          break;
        }
        Thread.sleep(100);
      }
      assertEquals(1000, total.path("requests").asLong(), total.toString());
      assertEquals(0, told.compareTo(new BigDecimal(total.path("cost_usd").asText())),
          "the report's total equals what the clients were told, to the last digit: " + told + " vs " + total);
      assertEquals(total, gws[1].get(report, ADMIN).json().path("total"), "both replicas report the same");
    } finally {
      clients.shutdownNow();
      closeAll(gws);
    }
  }

  @Test
  void aPromptPublishedOnOneReplicaIsServedByTheOther() throws Exception {
    GatewayFixture[] gws = replicas("");
    try {
      String definition = "{\"model\":\"demo\",\"tenants\":[\"*\"],\"messages\":[{\"role\":\"user\",\"content\":"
          + "\"Shout {{word}}\"}],\"input\":{\"type\":\"object\",\"properties\":{\"word\":{\"type\":\"string\"}}}}";
      GatewayFixture.Reply published = gws[0].send(gws[0].request("/admin/prompts/shout")
          .header("Authorization", "Bearer " + ADMIN).put(RequestBody.create(definition, JSON)).build());
      assertEquals(201, published.status(), published.body());
      int status = 404;
      GatewayFixture.Reply reply = null;
      for (int i = 0; i < 50 && status != 200; i++) {
        reply = gws[1].send(gws[1].request("/v1/prompts/shout").header("Authorization", "Bearer " + KEY)
            .post(RequestBody.create("{\"word\":\"hello\"}", JSON)).build());
        status = reply.status();
        if (status != 200) {
          Thread.sleep(100);
        }
      }
      assertEquals(200, status, "served by the other replica within a few reload intervals");
      assertTrue(reply.json().path("output").asText().contains("Shout hello"), reply.body());
    } finally {
      closeAll(gws);
    }
  }

  @Test
  void aRateLimitOfSixtyPerMinuteHoldsAcrossBothReplicas() throws Exception {
    GatewayFixture[] gws = replicas("limits: { rpm: 60 }");
    try {
      int ok = 0;
      int limited = 0;
      long started = System.nanoTime();
      for (int i = 0; i < 80; i++) {
        int status = gws[i % 2].postChat(KEY, chat("demo", "hi " + i)).status();
        if (status == 200) {
          ok++;
        } else if (status == 429) {
          limited++;
        }
      }
      long seconds = (System.nanoTime() - started) / 1_000_000_000 + 1;
      assertTrue(ok >= 60 && ok <= 60 + seconds, "one limit for both replicas: a burst of 60, then one a second; "
          + ok + " served in about " + seconds + " s");
      assertEquals(80 - ok, limited, "the rest are 429s");
    } finally {
      closeAll(gws);
    }
  }
}
