package dev.switchboard.e2e;

import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shutting the gateway down (what SIGTERM runs) writes every billed request to the store before it exits. */
class LedgerShutdownE2ETest {
  @TempDir
  Path dir;

  @Test
  void closeFlushesTheLedgerToTheStore() throws Exception {
    BigDecimal told = BigDecimal.ZERO;
    try (GatewayFixture gw = GatewayFixture.start(dir, """
        ledger: { flush_interval_ms: 600000, batch_size: 1000 }
        providers:
          local: { type: mock }
        models:
          demo: { deployments: [ { provider: local, model: mock-1, price: { input_per_mtok: 0.15, output_per_mtok: 0.6 } } ] }
        tenants:
          test:
            keys: [ { id: t1, key: "%s" } ]
            models: [ demo ]
        """.formatted(TENANT_KEY))) {
      for (int i = 0; i < 40; i++) {
        GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("demo", "request " + i + " before shutdown"));
        assertEquals(200, reply.status(), reply.body());
        told = told.add(new BigDecimal(reply.header("x-switchboard-cost-usd")));
      }
      assertEquals(0, storedEvents(), "with a long flush interval nothing is stored before shutdown");
    }
    assertEquals(40, storedEvents());
    assertEquals(0, told.compareTo(storedCost()));
    try (Stream<Path> journal = Files.list(dir.resolve("ledger"))) {
      assertEquals(0, journal.count(), "a fully stored journal is removed at shutdown");
    }
  }

  private long storedEvents() throws Exception {
    return query("SELECT COUNT(*) FROM usage_events").longValue();
  }

  private BigDecimal storedCost() throws Exception {
    return query("SELECT SUM(cost_e10) FROM usage_events").movePointLeft(10);
  }

  private BigDecimal query(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("switchboard.db"));
         Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getBigDecimal(1) == null ? BigDecimal.ZERO : rs.getBigDecimal(1);
    }
  }
}
