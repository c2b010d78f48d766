package dev.switchboard.e2e;

import static dev.switchboard.e2e.GatewayFixture.assertOpenAiError;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.limit.RedisBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two gateways sharing one Redis enforce one rate limit and one budget, whichever instance a request hits. */
class SharedLimitsE2ETest {
  @TempDir
  Path dir;

  static String yaml(Path folder, String tenant, String key, String tenantLimits) {
    return """
        server: { host: 127.0.0.1, port: 0, drain_timeout_ms: 2000 }
        store: { url: "jdbc:sqlite:%s" }
        redis: { url: "%s" }
        logging: { level: warn }
        providers:
          local: { type: mock }
        models:
          demo: { deployments: [ { provider: local, model: mock-1, price: { input_per_mtok: 1000, output_per_mtok: 1000 } } ] }
        tenants:
          %s:
            keys: [ { id: k1, key: "%s" } ]
            models: [ demo ]
            %s
        """.formatted(folder.resolve("switchboard.db").toAbsolutePath(), RedisBackend.URL, tenant, key, tenantLimits);
  }

  record Pair(GatewayFixture a, GatewayFixture b) implements AutoCloseable {
    @Override
    public void close() {
      a.close();
      b.close();
    }
  }

  Pair start(String tenant, String key, String limits) throws Exception {
    RedisBackend.require();
    GatewayFixture a = GatewayFixture.startYaml(Files.createDirectories(dir.resolve("a")), yaml(dir.resolve("a"), tenant, key, limits));
    try {
      return new Pair(a, GatewayFixture.startYaml(Files.createDirectories(dir.resolve("b")),
          yaml(dir.resolve("b"), tenant, key, limits)));
    } catch (RuntimeException e) {
      a.close();
      throw e;
    }
  }

  @Test
  void fiveRequestsPerMinuteInTotalAcrossTwoInstances() throws Exception {
    String tenant = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String key = "sk-shared-" + UUID.randomUUID();
    try (Pair pair = start(tenant, key, "limits: { rpm: 5 }")) {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        statuses.add((i % 2 == 0 ? pair.a() : pair.b()).postChat(key, chat("demo", "request " + i)).status());
      }
      assertEquals(List.of(200, 200, 200, 200, 200), statuses);
      for (GatewayFixture gw : List.of(pair.a(), pair.b())) {
        GatewayFixture.Reply sixth = gw.postChat(key, chat("demo", "one too many"));
        assertOpenAiError(sixth, 429, "rate_limit_exceeded", null);
        long retryAfter = Long.parseLong(sixth.header("retry-after"));
        assertTrue(retryAfter >= 1 && retryAfter <= 12, "at most 12 s until the next fits, was " + retryAfter);
      }
    }
  }

  @Test
  void oneBudgetAcrossTwoInstances() throws Exception {
    String tenant = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String key = "sk-shared-" + UUID.randomUUID();
    try (Pair pair = start(tenant, key, "budget: { daily_usd: 0.2 }")) {
      String body = chat("demo", "count the cost", java.util.Map.of("max_tokens", 20));
      int ok = 0;
      GatewayFixture.Reply last = null;
      for (int i = 0; i < 60; i++) {
        last = (i % 2 == 0 ? pair.a() : pair.b()).postChat(key, body);
        if (last.status() != 200) {
          break;
        }
        ok++;
      }
      assertOpenAiError(last, 429, "budget_exceeded", null);
      assertOpenAiError((ok % 2 == 0 ? pair.b() : pair.a()).postChat(key, body), 429, "budget_exceeded", null);
      assertTrue(ok >= 2 && ok < 60, "both instances spent from one budget of $0.20: " + ok);
    }
  }
}
