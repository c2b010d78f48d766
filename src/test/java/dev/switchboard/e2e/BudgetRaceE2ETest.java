package dev.switchboard.e2e;

import static dev.switchboard.e2e.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.api.ChatMessage;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.limit.RedisBackend;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 50 requests at once against a daily budget that covers exactly 10 of their reservations: exactly 10 are
 * served, 40 get 429 {@code budget_exceeded}. With Redis, the 50 are spread over two gateways.
 */
class BudgetRaceE2ETest {
  static final int REQUESTS = 50;
  static final int COVERED = 10;
  static final int MAX_TOKENS = 20;
  static final BigDecimal PRICE_PER_TOKEN = new BigDecimal("0.001");

  @TempDir
  Path dir;

  static String yaml(Path folder, String redisUrl, String tenant, String key, BigDecimal budget) {
    return """
        server: { host: 127.0.0.1, port: 0, drain_timeout_ms: 2000 }
        store: { url: "jdbc:sqlite:%s" }
        redis: { url: "%s" }
        logging: { level: warn }
        providers:
          slow: { type: mock, latency_ms: 3000 }
        models:
          priced: { deployments: [ { provider: slow, model: mock-p, price: { input_per_mtok: 1000, output_per_mtok: 1000 } } ] }
        tenants:
          %s:
            keys: [ { id: k1, key: "%s" } ]
            models: [ priced ]
            budget: { daily_usd: %s }
        """.formatted(folder.resolve("switchboard.db").toAbsolutePath(), redisUrl, tenant, key, budget.toPlainString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "redis"})
  void exactlyTheRequestsTheBudgetCoversAreServed(String backend) throws Exception {
    boolean shared = backend.equals("redis");
    if (shared) {
      RedisBackend.require();
    }
    String tenant = "race" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String key = "sk-race-" + UUID.randomUUID();
    String text = "what does this cost";
    long prompt = TokenEstimate.ofMessages(List.of(ChatMessage.text("user", text)));
    BigDecimal estimate = PRICE_PER_TOKEN.multiply(BigDecimal.valueOf(prompt + MAX_TOKENS));
    BigDecimal budget = estimate.multiply(BigDecimal.valueOf(COVERED)).add(estimate.divide(BigDecimal.valueOf(2)));
    List<GatewayFixture> gateways = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
    try {
      for (String name : shared ? List.of("a", "b") : List.of("a")) {
        Path folder = Files.createDirectories(dir.resolve(name));
        GatewayFixture gw = GatewayFixture.startYaml(folder, yaml(folder, shared ? RedisBackend.URL : "", tenant, key, budget));
        gw.http().dispatcher().setMaxRequests(REQUESTS * 2);
        gw.http().dispatcher().setMaxRequestsPerHost(REQUESTS * 2);
        gateways.add(gw);
      }
      String body = chat("priced", text, Map.of("max_tokens", MAX_TOKENS));
      CountDownLatch go = new CountDownLatch(1);
      List<Future<GatewayFixture.Reply>> calls = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        GatewayFixture gw = gateways.get(i % gateways.size());
        calls.add(pool.submit(() -> {
          go.await();
          return gw.postChat(key, body);
        }));
      }
      go.countDown();
      int served = 0;
      int refused = 0;
      for (Future<GatewayFixture.Reply> call : calls) {
        GatewayFixture.Reply reply = call.get(60, TimeUnit.SECONDS);
        if (reply.status() == 200) {
          served++;
        } else {
          GatewayFixture.assertOpenAiError(reply, 429, "budget_exceeded", null);
          refused++;
        }
      }
      assertEquals(COVERED, served, "the budget covers exactly " + COVERED + " reservations of " + estimate);
      assertEquals(REQUESTS - COVERED, refused);
    } finally {
      pool.shutdownNow();
      gateways.forEach(GatewayFixture::close);
    }
  }
}
