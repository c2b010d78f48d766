package dev.switchboard.e2e;

import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.assertOpenAiError;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the store unreachable, keys that only the store knows get 503 — never a free pass — and configured keys work. */
class StoreDownE2ETest {
  @TempDir
  Path dir;

  @Test
  void storeKeysFailClosedWhileConfiguredKeysKeepWorking() {
    String yaml = """
        server: { host: 127.0.0.1, port: 0, drain_timeout_ms: 2000 }
        store: { url: "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=1", user: nobody }
        ledger: { journal_dir: "%s" }
        logging: { level: error }
        admin: { key: "sk-admin-e2e-0123456789abcdef" }
        """.formatted(dir.resolve("ledger").toAbsolutePath()) + GatewayFixture.MOCK_SECTIONS;
    try (GatewayFixture gw = GatewayFixture.startYaml(dir, yaml)) {
      assertEquals(200, gw.postChat(TENANT_KEY, chat("demo", "configured keys need no store")).status());
      GatewayFixture.Reply unknown = gw.postChat("sk-sb-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", chat("demo", "hi"));
      JsonNode error = assertOpenAiError(unknown, 503, "auth_unavailable", null);
      assertTrue(error.path("message").asText().contains("unreachable"), unknown.body());
      assertEquals("1", unknown.header("retry-after"));
      GatewayFixture.Reply admin = gw.send(gw.request("/admin/tenants").header("Authorization",
          "Bearer sk-admin-e2e-0123456789abcdef").get().build());
      assertOpenAiError(admin, 503, "store_unavailable", null);
    }
  }
}
