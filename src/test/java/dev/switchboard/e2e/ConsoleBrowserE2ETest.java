package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) against a
 * gateway started here: sign in, watch an ejected upstream turn healthy, run the doctor, create a tenant (with field
 * errors first) and a key, spend with that key and see the chart and the report's exact total, download the CSV,
 * publish two prompt versions, diff them, roll back, try the prompt and open Swagger UI. The browser's log must hold
 * no error. Screenshots of each page go to {@code target/console-screenshots/}. Skipped where Chromium is not
 * installed, except on CI ({@code CI=true}), where it must run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserE2ETest {
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final String ADMIN_KEY = "adm-console-browser-test";
  private static final String OPS_KEY = "sk-console-ops-key-0001";
  private static final String FLAKY = "flaky/" + Upstream.UPSTREAM_MODEL;

  private WireMockServer upstream;
  private GatewayFixture gw;
  private Browser browser;
  private WebDriver driver;
  private WebDriverWait wait;
  private Path downloads;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    Browser.assumeInstalled();
    upstream = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    upstream.start();
    upstream.stubFor(get(urlEqualTo("/v1/models")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(GatewayFixture.resource("openai-models.json"))));
    failUpstream();
    gw = GatewayFixture.start(dir, """
        admin: { key: "%s" }
        providers:
          local: { type: mock }
          flaky: { type: openai, base_url: "http://127.0.0.1:%d/v1", api_key: "%s" }
        models:
          demo: { deployments: [ { provider: local, model: mock-p, price: { input_per_mtok: 1000, output_per_mtok: 1000 } } ] }
          flaky: { deployments: [ { provider: flaky, model: %s } ] }
        routing: { max_attempts: 1, attempt_timeout_ms: 10000,
                   health: { passive: { consecutive_failures: 1, base_ejection_ms: 8000, max_ejection_ms: 16000 } } }
        tenants:
          ops: { keys: [ { id: ops1, key: "%s" } ], models: [ "*" ] }
        """.formatted(ADMIN_KEY, upstream.port(), Upstream.SECRET, Upstream.UPSTREAM_MODEL, OPS_KEY));
    downloads = Files.createDirectories(dir.resolve("downloads"));
    browser = Browser.start(dir.resolve("profile"), downloads, SCREENSHOTS);
    driver = browser.driver;
    wait = browser.wait;
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (gw != null) {
      gw.close();
    }
    if (upstream != null) {
      upstream.stop();
    }
  }

  @Test
  void anOperatorAndAFinanceUserUseTheConsole() throws Exception {
    signIn();
    upstreamsTurnHealthy();
    String key = tenantAndKey();
    costs(key);
    prompts(key);
    phone();
    assertEquals(List.of(), browser.errors(gw.url("")));
    GatewayFixture.assertNoneContains(gw.seen(), Upstream.SECRET);
  }

  private void signIn() {
    driver.get(gw.url("/console"));
    browser.type("admin-key", "wrong-key");
    driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    wait.until(d -> !browser.text("login-error").isEmpty());
    assertTrue(browser.text("login-error").contains("refused"), browser.text("login-error"));
    // the browser logs every refused request; this one was meant to be refused, and nothing else went wrong
    assertEquals(List.of("/admin/upstreams 401"), browser.errors(gw.url("")));
    browser.type("admin-key", ADMIN_KEY);
    driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("page-upstreams")));
    assertFalse(driver.getCurrentUrl().contains(ADMIN_KEY));
    assertEquals(ADMIN_KEY, browser.js("return sessionStorage.getItem('switchboard.adminKey')"));
  }

  private void upstreamsTurnHealthy() throws IOException {
    assertEquals(502, gw.postChat(OPS_KEY, GatewayFixture.chat("flaky", "hello")).status());
    By flakyState = By.cssSelector("tr[data-deployment='" + FLAKY + "'] .badge");
    wait.until(d -> "ejected".equals(d.findElement(flakyState).getAttribute("data-state")));
    By row = By.cssSelector("tr[data-deployment='" + FLAKY + "']");
    wait.until(d -> {
      String shown = d.findElement(row).getText();
      return shown.contains("upstream_5xx") && shown.contains("HTTP 500") && shown.contains("the provider's status page");
    });
    wait.until(d -> d.findElement(By.cssSelector(".group[data-model='flaky']")).getText().contains("0/1 available"));
    driver.findElement(By.cssSelector("button[aria-label='Diagnose " + FLAKY + "']")).click();
    By report = By.cssSelector("#doctor-result .doctor-entry[data-deployment='" + FLAKY + "']");
    wait.until(ExpectedConditions.visibilityOfElementLocated(report));
    String diagnosis = driver.findElement(report).getText();
    assertTrue(diagnosis.contains("failed at completion"), diagnosis);
    assertTrue(diagnosis.contains("upstream_5xx"), diagnosis);
    browser.screenshot("upstreams");

    healUpstream();
    wait.until(d -> {
      JsonNode u = gw.get("/admin/upstreams", ADMIN_KEY).json();
      return u.path("upstreams").findValues("state").stream().noneMatch(s -> s.asText().equals("ejected"));
    });
    assertEquals(200, gw.postChat(OPS_KEY, GatewayFixture.chat("flaky", "hello again")).status());
    wait.until(d -> "healthy".equals(d.findElement(flakyState).getAttribute("data-state"))
        && "healthy".equals(d.findElement(flakyState).getText()));
    wait.until(d -> d.findElement(By.cssSelector(".group[data-model='flaky']")).getText().contains("1/1 available"));

    browser.click("reload-config");
    wait.until(d -> browser.text("upstreams-message").equals("Configuration unchanged."));
  }

  private String tenantAndKey() throws IOException {
    browser.click("tab-tenants");
    wait.until(d -> d.findElements(By.cssSelector("#tenants-table tr[data-tenant='ops']")).size() == 1);
    browser.type("tenant-id", "bad id!");
    browser.type("tenant-models", "demo, nope");
    browser.type("tenant-daily", "cheap");
    browser.click("tenant-save");
    wait.until(d -> !browser.text("tenant-id-error").isEmpty());
    assertTrue(browser.text("tenant-models-error").contains("nope"), browser.text("tenant-models-error"));
    assertFalse(browser.text("tenant-daily-error").isEmpty());
    assertEquals("true", driver.findElement(By.id("tenant-id")).getAttribute("aria-invalid"));
    assertEquals(List.of("/admin/tenants 400"), browser.errors(gw.url("")));

    browser.type("tenant-id", "acme");
    browser.type("tenant-models", "demo");
    browser.type("tenant-daily", "5");
    browser.type("tenant-monthly", "100");
    browser.click("tenant-save");
    By acme = By.cssSelector("#tenants-table tr[data-tenant='acme']");
    wait.until(ExpectedConditions.visibilityOfElementLocated(acme));
    assertTrue(driver.findElement(acme).getText().contains("5 / 100"), driver.findElement(acme).getText());

    driver.findElement(acme).findElement(By.cssSelector("button[aria-label='Edit acme']")).click();
    browser.type("tenant-tpm", "500000");
    browser.click("tenant-save");
    wait.until(d -> d.findElement(acme).getText().contains("0 / 500000"));

    driver.findElement(acme).findElement(By.cssSelector("button[aria-label='Keys of acme']")).click();
    browser.click("key-create");
    wait.until(d -> !d.findElement(By.id("new-key-value")).getAttribute("value").isEmpty());
    String key = driver.findElement(By.id("new-key-value")).getAttribute("value");
    assertTrue(key.startsWith("sk-sb-"), "a new key");
    wait.until(d -> d.findElements(By.cssSelector("#keys-table tbody tr")).size() == 1);
    browser.screenshot("tenants");

    // a second key, revoked with two clicks, stops working
    browser.click("key-create");
    wait.until(d -> !key.equals(d.findElement(By.id("new-key-value")).getAttribute("value")));
    String second = driver.findElement(By.id("new-key-value")).getAttribute("value");
    wait.until(d -> d.findElements(By.cssSelector("#keys-table tbody tr")).size() == 2);
    String secondId = null;
    for (JsonNode k : gw.get("/admin/tenants/acme/keys", ADMIN_KEY).json().path("data")) {
      if (second.startsWith(k.path("prefix").asText())) {
        secondId = k.path("id").asText();
      }
    }
    assertTrue(secondId != null, "the second key is listed by its prefix");
    By secondRow = By.cssSelector("#keys-table tr[data-key='" + secondId + "']");
    By revoke = By.cssSelector("#keys-table tr[data-key='" + secondId + "'] button");
    driver.findElement(revoke).click();
    wait.until(d -> d.findElement(revoke).getText().equals("Confirm revoke"));
    driver.findElement(revoke).click();
    wait.until(d -> !d.findElement(secondRow).getText().endsWith("no"));
    wait.until(d -> gw.postChat(second, GatewayFixture.chat("demo", "revoked?")).status() == 401);
    return key;
  }

  private void costs(String key) throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals(200, gw.postChat(key, GatewayFixture.chat("demo", "price this " + i)).status());
    }
    browser.click("tab-costs");
    String range = "from=" + browser.value("costs-from") + "&to=" + browser.value("costs-to");
    String report = "/admin/reports/cost?" + range + "&group_by=tenant,model,day";
    wait.until(d -> gw.get(report, ADMIN_KEY).json().path("rows").findValues("tenant").stream()
        .anyMatch(t -> t.asText().equals("acme")));
    JsonNode api = gw.get(report, ADMIN_KEY).json();
    String total = api.path("total").path("cost_usd").asText();
    assertTrue(new BigDecimal(total).signum() > 0, total);
    browser.click("costs-show");
    wait.until(d -> total.equals(browser.text("costs-total")));
    assertEquals(api.path("total").path("requests").asText(), browser.text("costs-requests"));
    wait.until(d -> !d.findElements(By.cssSelector("#chart-tenants canvas")).isEmpty());
    assertFalse(driver.findElements(By.cssSelector("#chart-models canvas")).isEmpty());
    assertTrue(driver.findElement(By.cssSelector("#chart-tenants .u-legend")).getText().contains("acme"));
    assertTrue(browser.text("top-tenants").contains("acme"), browser.text("top-tenants"));
    assertTrue(browser.text("top-models").contains("demo"), browser.text("top-models"));
    wait.until(d -> browser.text("budgets").contains("acme, this month"));
    browser.screenshot("costs");

    browser.click("costs-csv");
    Path csv = downloads.resolve("cost-" + browser.value("costs-from") + "-" + browser.value("costs-to") + ".csv");
    wait.until(d -> Files.exists(csv) && size(csv) > 0);
    String expected = gw.get(report + "&format=csv", ADMIN_KEY).body();
    assertEquals(expected, Files.readString(csv));
    assertTrue(expected.startsWith("tenant,model,day,requests,prompt_tokens,completion_tokens,cost_usd\r\n"));
    assertTrue(expected.contains("acme,demo,"), expected);

    // last month in one click: the range and the report's total for it
    browser.click("costs-last-month");
    LocalDate thisMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
    wait.until(d -> browser.value("costs-from").equals(thisMonth.minusMonths(1).toString())
        && browser.value("costs-to").equals(thisMonth.toString()));
    String lastMonth = gw.get("/admin/reports/cost?from=" + thisMonth.minusMonths(1) + "&to=" + thisMonth, ADMIN_KEY)
        .json().path("total").path("cost_usd").asText();
    wait.until(d -> lastMonth.equals(browser.text("costs-total")));
    browser.click("costs-this-month");
    wait.until(d -> total.equals(browser.text("costs-total")));
  }

  private void prompts(String key) {
    browser.click("tab-prompts");
    publish("""
        {"description": "A haiku about a topic", "model": "demo",
         "messages": [{"role": "user", "content": "Write a haiku about {{topic}}."}],
         "input": {"type": "object", "properties": {"topic": {"type": "string", "minLength": 1}}, "required": ["topic"]},
         "tenants": ["*"]}""");
    wait.until(d -> d.findElements(By.cssSelector("#versions-table tr[data-version='1']")).size() == 1);
    publish("""
        {"description": "A haiku about a topic", "model": "demo",
         "messages": [{"role": "user", "content": "Write a funny haiku about {{topic}}."}],
         "input": {"type": "object", "properties": {"topic": {"type": "string", "minLength": 1}}, "required": ["topic"]},
         "tenants": ["*"]}""");
    wait.until(d -> d.findElements(By.cssSelector("#versions-table tr[data-version='2']")).size() == 1);
    browser.click("diff-show");
    wait.until(d -> !d.findElements(By.cssSelector("#diff .add")).isEmpty());
    assertTrue(driver.findElement(By.cssSelector("#diff .del")).getText().contains("Write a haiku about"));
    assertTrue(driver.findElement(By.cssSelector("#diff .add")).getText().contains("Write a funny haiku about"));

    By v1 = By.cssSelector("#versions-table tr[data-version='1']");
    driver.findElement(v1).findElement(By.tagName("button")).click();
    wait.until(d -> d.findElement(By.cssSelector("#versions-table tr[data-version='1']")).getText().contains("active"));
    assertEquals(1, gw.get("/admin/prompts", ADMIN_KEY).json().path("data").get(0).path("version").asInt());

    browser.type("try-key", key);
    browser.type("try-var-topic", "autumn");
    browser.click("try-submit");
    wait.until(d -> browser.text("try-result").contains("version 1"));

    browser.click("swagger-open");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#swagger .opblock")));
    assertTrue(driver.findElement(By.id("swagger")).getText().contains("/v1/prompts/haiku"));
    browser.click("diff-show");
    wait.until(d -> !d.findElements(By.cssSelector("#diff .add")).isEmpty());
    browser.js("document.getElementById('prompt-detail').scrollIntoView()");
    browser.screenshot("prompts");
    browser.js("document.getElementById('swagger').scrollIntoView()");
    browser.screenshot("prompts-api");
  }

  private void phone() {
    // the tabs follow the WAI-ARIA pattern: arrow keys move between them
    driver.findElement(By.id("tab-prompts")).sendKeys(Keys.ARROW_RIGHT);
    wait.until(d -> "true".equals(d.findElement(By.id("tab-upstreams")).getAttribute("aria-selected")));
    assertTrue(driver.findElement(By.id("page-upstreams")).isDisplayed());
    assertEquals("tab-upstreams", browser.js("return document.activeElement.id"));
    driver.manage().window().setSize(new Dimension(390, 844));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("upstreams-table")));
    browser.js("window.scrollTo(0, 0)");
    browser.screenshot("upstreams-phone");
  }

  private void publish(String definition) {
    browser.type("publish-name", "haiku");
    WebElement area = driver.findElement(By.id("publish-definition"));
    browser.js("arguments[0].value = arguments[1]", area, definition);
    browser.click("publish-submit");
    wait.until(d -> browser.text("prompts-message").startsWith("Published haiku"));
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private void failUpstream() {
    upstream.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL)
        .willReturn(Upstream.error(500, "server_error", null, null, "The server had an error")));
  }

  private void healUpstream() {
    upstream.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL).willReturn(Upstream.completion()));
  }
}
