package dev.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tenant's spend this day survives a restart: the budget guard reads it back from the ledger. */
class BudgetRestartE2ETest {
  static final String KEY = "sk-test-budget-restart-0001";

  @TempDir
  Path dir;

  static String sections() {
    return """
        providers:
          local: { type: mock }
        models:
          priced: { deployments: [ { provider: local, model: mock-1, price: { input_per_mtok: 1000, output_per_mtok: 1000 } } ] }
        tenants:
          spender:
            keys: [ { id: s1, key: "%s" } ]
            models: [ priced ]
            budget: { daily_usd: 0.2 }
        """.formatted(KEY);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String request() {
    return GatewayFixture.chat("priced", "Hello there, how are you?", Map.of("max_tokens", 30));
  }

  @Test
  void theSpendSoFarCountsAfterARestart() {
    BigDecimal spent = BigDecimal.ZERO;
    int served = 0;
    try (GatewayFixture gw = GatewayFixture.start(dir, sections())) {
      for (int i = 0; i < 20; i++) {
        GatewayFixture.Reply reply = gw.postChat(KEY, request());
        if (reply.status() != 200) {
          assertEquals("budget_exceeded", reply.json().path("error").path("code").asText(), reply.body());
          break;
        }
        served++;
        spent = spent.add(new BigDecimal(reply.header("x-switchboard-cost-usd")));
      }
      double ratio = 0;
      for (int i = 0; i < 40 && ratio < 0.5; i++) {
        ratio = gw.get("/metrics", null).body().lines()
            .filter(l -> l.startsWith("switchboard_budget_used_ratio{period=\"day\",tenant=\"spender\"}"))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
        sleep(50);
      }
      assertTrue(ratio >= 0.5 && ratio <= 1.0, "the budget gauge shows most of the day's budget spent: " + ratio);
    }
    assertTrue(served >= 2, "a few requests fit the budget first: " + served);
    assertTrue(spent.compareTo(new BigDecimal("0.2")) <= 0, "never above the budget: " + spent);

    try (GatewayFixture again = GatewayFixture.start(dir, sections())) {
      GatewayFixture.Reply reply = again.postChat(KEY, request());
      assertEquals(429, reply.status(), "spent " + spent + " of 0.2 before the restart: " + reply.body());
      assertEquals("budget_exceeded", reply.json().path("error").path("code").asText());
    }
  }
}
