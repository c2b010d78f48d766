package dev.switchboard.e2e;

import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code admin.port}, the admin API and the console listen on their own port and not on the main one. */
class AdminPortE2ETest {
  static final String ADMIN = "adm-own-port-key-0001";

  @TempDir
  Path dir;

  @Test
  void theAdminApiAndTheConsoleMoveToTheirOwnPort() {
    try (GatewayFixture gw = GatewayFixture.start(dir, "admin: { key: \"" + ADMIN + "\", port: 0 }\n"
        + GatewayFixture.MOCK_SECTIONS)) {
      int admin = gw.adminPort();
      assertTrue(admin > 0 && admin != gw.port(), "an admin port of its own: " + admin);
      assertEquals(404, gw.get("/admin/upstreams", ADMIN).status(), "the main port serves no admin API");
      assertEquals(404, gw.get("/console/", null).status(), "nor the console");
      assertEquals(200, gw.postChat(TENANT_KEY, chat("demo", "hi")).status(), "the main port serves the API");

      String base = "http://127.0.0.1:" + admin;
      assertEquals(200, gw.send(new Request.Builder().url(base + "/admin/upstreams")
          .header("Authorization", "Bearer " + ADMIN).build()).status());
      assertEquals(401, gw.send(new Request.Builder().url(base + "/admin/upstreams").build()).status(),
          "still behind the admin key");
      assertEquals(200, gw.send(new Request.Builder().url(base + "/console/").build()).status());
      assertEquals(404, gw.send(new Request.Builder().url(base + "/v1/models")
          .header("Authorization", "Bearer " + TENANT_KEY).build()).status(), "no tenant API on the admin port");
      assertEquals(200, gw.send(new Request.Builder().url(base + "/readyz").build()).status());
    }
  }

  @Test
  void withoutItEverythingSharesTheMainPort() {
    try (GatewayFixture gw = GatewayFixture.start(dir, "admin: { key: \"" + ADMIN + "\" }\n" + GatewayFixture.MOCK_SECTIONS)) {
      assertEquals(-1, gw.adminPort());
      assertEquals(200, gw.get("/admin/upstreams", ADMIN).status());
    }
  }
}
