package dev.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin console over plain HTTP: its files are public and carry a same-origin-only Content-Security-Policy,
 * the third-party libraries come from their webjars on the class path, and the admin API behind it still refuses
 * callers without the admin key. Also {@code POST /admin/doctor}, the diagnosis the console shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleHttpE2ETest {
  private static final String ADMIN_KEY = "adm-console-http-test-key";

  private GatewayFixture gw;

  @BeforeAll
  void start(@TempDir Path dir) {
    gw = GatewayFixture.start(dir, "admin: { key: \"" + ADMIN_KEY + "\" }\n" + GatewayFixture.MOCK_SECTIONS);
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @Test
  void thePageIsServedWithoutTheAdminKeyAndAStrictPolicy() {
    GatewayFixture.Reply page = gw.get("/console/", null);
    assertEquals(200, page.status());
    assertTrue(page.header("content-type").startsWith("text/html"), page.header("content-type"));
    assertTrue(page.body().contains("<title>Switchboard console</title>"), page.body());
    String csp = page.header("content-security-policy");
    assertTrue(csp.contains("default-src 'self'"), csp);
    assertTrue(csp.contains("script-src 'self'"), csp);
    assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    assertTrue(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval") && !csp.contains("http"), csp);
    assertEquals("nosniff", page.header("x-content-type-options"));

    GatewayFixture.Reply bare = gw.get("/console", null);
    assertEquals(200, bare.status(), "/console redirects to /console/");
    assertEquals(page.body(), bare.body());

    GatewayFixture.Reply script = gw.get("/console/js/app.js", null);
    assertEquals(200, script.status());
    assertTrue(script.header("content-type").contains("javascript"), script.header("content-type"));
    assertTrue(script.header("content-security-policy").contains("default-src 'self'"));
  }

  @Test
  void vendorLibrariesComeFromTheirWebjars() {
    GatewayFixture.Reply uplot = gw.get("/console/vendor/uplot/uPlot.iife.min.js", null);
    assertEquals(200, uplot.status());
    assertTrue(uplot.body().contains("uPlot"), "the uPlot bundle");
    assertEquals(200, gw.get("/console/vendor/uplot/uPlot.min.css", null).status());
    GatewayFixture.Reply swagger = gw.get("/console/vendor/swagger-ui/swagger-ui-bundle.js", null);
    assertEquals(200, swagger.status());
    assertTrue(swagger.body().contains("SwaggerUIBundle"), "the Swagger UI bundle");
    assertEquals(200, gw.get("/console/vendor/swagger-ui/swagger-ui.css", null).status());
    assertEquals(404, gw.get("/console/vendor/uplot/../../../../db/migrations.txt", null).status());
    assertEquals(404, gw.get("/console/nothing-here.js", null).status());
    GatewayFixture.Reply elsewhere = gw.get("/consoles", null);
    assertEquals(404, elsewhere.status());
    assertEquals(null, elsewhere.header("content-security-policy"), "only the console's own paths get its policy");
  }

  @Test
  void theAdminApiStillNeedsTheKey() {
    for (String path : new String[] {"/admin/upstreams", "/admin/tenants", "/admin/reports/cost", "/admin/prompts"}) {
      GatewayFixture.assertOpenAiError(gw.get(path, null), 401, "invalid_api_key", null);
      GatewayFixture.assertOpenAiError(gw.get(path, GatewayFixture.TENANT_KEY), 401, "invalid_api_key", null);
    }
    GatewayFixture.assertOpenAiError(doctor("", null), 401, "invalid_api_key", null);
    assertEquals(200, gw.get("/admin/upstreams", ADMIN_KEY).status());
  }

  @Test
  void theDoctorRunsOnDemand() {
    GatewayFixture.Reply all = doctor("", ADMIN_KEY);
    assertEquals(200, all.status(), all.body());
    JsonNode report = all.json();
    assertEquals(4, report.path("deployments").size(), all.body());
    assertEquals(4, report.path("passed").asInt(), all.body());
    java.util.Set<String> checked = new java.util.TreeSet<>();
    for (JsonNode d : report.path("deployments")) {
      checked.add(d.path("deployment").asText());
      assertEquals("completion", d.path("steps").get(d.path("steps").size() - 1).path("name").asText(), all.body());
    }
    assertEquals(java.util.Set.of("local/mock-1", "local/mock-2", "local/mock-3", "slow/mock-slow"), checked);

    GatewayFixture.Reply one = doctor("?deployment=local/mock-2", ADMIN_KEY);
    assertEquals(200, one.status(), one.body());
    assertEquals(1, one.json().path("deployments").size());
    assertEquals("local/mock-2", one.json().path("deployments").get(0).path("deployment").asText());

    GatewayFixture.assertOpenAiError(doctor("?deployment=nope/x", ADMIN_KEY), 404, "deployment_not_found",
        "deployment");
  }

  private GatewayFixture.Reply doctor(String query, String key) {
    Request.Builder request = gw.request("/admin/doctor" + query).post(RequestBody.create(new byte[0]));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return gw.send(request.build());
  }
}
