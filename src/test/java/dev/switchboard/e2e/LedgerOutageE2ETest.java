package dev.switchboard.e2e;

import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.config.StoreConfig;
import dev.switchboard.store.StoreBackends;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The store goes away while clients keep calling: every request is still answered, events wait in the journal
 * (the backlog gauge shows them), and once the store is back the report matches what the clients were told.
 */
class LedgerOutageE2ETest {
  static final String ADMIN_KEY = "sk-admin-outage-test-0001";

  @TempDir
  Path dir;

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void nothingIsLostWhileTheStoreIsDown(String backend) throws Exception {
    StoreConfig store = StoreBackends.config(backend, dir);
    String yaml = """
        server: { host: 127.0.0.1, port: 0, drain_timeout_ms: 2000 }
        admin: { key: "%s" }
        store: { url: "%s", user: "%s" }
        ledger: { flush_interval_ms: 50, batch_size: 20, journal_dir: "%s" }
        logging: { level: error }
        providers:
          local: { type: mock }
        models:
          demo: { deployments: [ { provider: local, model: mock-1, price: { input_per_mtok: 1.1, output_per_mtok: 4.4 } } ] }
        tenants:
          test:
            keys: [ { id: t1, key: "%s" } ]
            models: [ demo ]
        """.formatted(ADMIN_KEY, store.url(), store.user() == null ? "" : store.user(),
        dir.resolve("ledger-" + backend).toAbsolutePath(), TENANT_KEY);
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try (GatewayFixture gw = GatewayFixture.startYaml(dir, yaml)) {
      BigDecimal told = load(gw, clients, "before");
      execute(store, "ALTER TABLE usage_events RENAME TO usage_events_offline");
      told = told.add(load(gw, clients, "during"));
      long backlog = backlog(gw);
      assertTrue(backlog >= 100, "the events of the outage wait in the journal: " + backlog);
      execute(store, "ALTER TABLE usage_events_offline RENAME TO usage_events");
      told = told.add(load(gw, clients, "after"));
      for (int i = 0; i < 300 && backlog(gw) > 0; i++) {
        Thread.sleep(50);
      }
      assertEquals(0, backlog(gw));
      JsonNode report = gw.get("/admin/reports/cost?group_by=tenant&from=" + LocalDate.now(ZoneOffset.UTC)
          + "&to=" + LocalDate.now(ZoneOffset.UTC).plusDays(1), ADMIN_KEY).json();
      assertEquals(300, report.path("total").path("requests").asLong(), report.toString());
      assertEquals(0, told.compareTo(new BigDecimal(report.path("total").path("cost_usd").asText())), report.toString());
    } finally {
      clients.shutdownNow();
    }
  }

  /** 100 requests from 4 threads; returns the sum of the costs the clients were told. */
  private static BigDecimal load(GatewayFixture gw, ExecutorService clients, String phase) throws Exception {
    List<Future<BigDecimal>> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String text = phase + " request " + i;
      calls.add(clients.submit(() -> {
        GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("demo", text));
        assertEquals(200, reply.status(), reply.body());
        return new BigDecimal(reply.header("x-switchboard-cost-usd"));
      }));
    }
    BigDecimal sum = BigDecimal.ZERO;
    for (Future<BigDecimal> call : calls) {
      sum = sum.add(call.get(60, TimeUnit.SECONDS));
    }
    return sum;
  }

  private static long backlog(GatewayFixture gw) {
    return gw.get("/metrics", null).body().lines().filter(l -> l.startsWith("switchboard_ledger_backlog "))
        .map(l -> (long) Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElseThrow();
  }

  private static void execute(StoreConfig store, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(store.url(), store.user(), store.password());
         Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
