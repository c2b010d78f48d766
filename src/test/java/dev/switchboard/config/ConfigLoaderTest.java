package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.provider.ProviderRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading well-formed configurations: the contract's example, defaults, and the port override. */
class ConfigLoaderTest {
  static final String APP_KEY = "sk-acme-app-key-abcdefghijkl";
  static final String CI_DIGEST = "fe5bee4f619ae0a0242b95e2a3c3f31b0a7323077bdfb500562a7f23788ea9c2";

  static ConfigLoader loader(Map<String, String> env) {
    return new ConfigLoader(ProviderRegistry.builtIn(), env::get);
  }

  static String resource(String name) {
    try (InputStream in = ConfigLoaderTest.class.getResourceAsStream("/config/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static final String MINIMAL = """
      providers:
        local: { type: mock }
      models:
        demo:
          deployments: [ { provider: local, model: mock-1 } ]
      """;

  @Test
  void contractExampleAdaptedToSupportedTypes() {
    ConfigLoader.Loaded loaded = loader(Map.of("ACME_APP_KEY", APP_KEY, "OPENAI_API_KEY", "sk-openai-1234567890"))
        .parse(resource("supported-example.yaml"));
    GatewayConfig c = loaded.config();
    assertEquals(Set.of(), loaded.unsetVariables());

    assertEquals(new ServerConfig("0.0.0.0", 8080, 4_194_304, 30_000, 2_000,
        ServerConfig.defaultEventLoops()), c.server());
    assertEquals("", c.admin().key());
    assertEquals("jdbc:sqlite:data/switchboard.db", c.store().url());
    assertEquals("", c.redis().url());

    assertEquals(Set.of("openai-main", "azure-east", "claude", "google", "local"), c.providers().keySet());
    ProviderConfig main = c.providers().get("openai-main");
    assertEquals("openai", main.type());
    assertEquals("https://api.openai.com/v1", main.baseUrl());
    assertEquals("sk-openai-1234567890", main.apiKey());
    assertEquals("org-acme", main.option("organization", null));
    assertEquals(600_000, main.timeoutMs());
    assertEquals("https://east.example.com/v1", c.providers().get("azure-east").baseUrl(), "trailing slash trimmed");
    assertEquals("", c.providers().get("azure-east").apiKey());
    assertEquals(30_000, c.providers().get("claude").timeoutMs());
    ProviderConfig local = c.providers().get("local");
    assertEquals("mock", local.type());
    assertEquals(Map.of("latency_ms", "5", "fail_rate", "0.25"), local.options());

    ModelGroupConfig gpt = c.models().get("gpt-4o");
    assertEquals("weighted", gpt.strategy());
    assertEquals(List.of(new DeploymentConfig("openai-main", "gpt-4o", 3, null, true),
        new DeploymentConfig("azure-east", "gpt-4o-prod", 1,
            new DeploymentConfig.Price(new BigDecimal("2.5"), new BigDecimal("10"), null, null, null), true)), gpt.deployments());
    assertEquals(List.of("claude-sonnet"), gpt.fallbacks());
    assertEquals(List.of("gemini-pro"), gpt.contextFallbacks());
    assertEquals("round_robin", c.models().get("claude-sonnet").strategy());
    assertEquals(Set.of("demo", "gpt-4o", "claude-sonnet", "gemini-pro"), c.models().keySet());

    assertEquals(new RoutingConfig(3, 60_000, 180_000, new RoutingConfig.Retry(0.2, 10, 25, 1_000),
        new RoutingConfig.Active(true, 10_000, 2_000, 3, 2), new RoutingConfig.Passive(5, 30_000, 300_000)), c.routing());

    TenantConfig acme = c.tenants().get("acme");
    assertEquals(List.of(new TenantConfig.Key("ci", CI_DIGEST),
        new TenantConfig.Key("app", KeyDigest.sha256Hex(APP_KEY))), acme.keys());
    assertEquals(List.of("gpt-4o", "claude-sonnet", "demo"), acme.models());
    assertEquals(0, new BigDecimal("500").compareTo(acme.monthlyBudgetUsd()));
    assertNull(acme.dailyBudgetUsd());
    assertEquals(600, acme.rpm());
    assertEquals(200_000, acme.tpm());
    assertTrue(acme.allows("demo"));
    assertFalse(acme.allows("gemini-pro"));
    TenantConfig demo = c.tenants().get("demo");
    assertEquals(KeyDigest.sha256Hex("sk-switchboard-demo"), demo.keys().get(0).sha256());
    assertTrue(demo.allows("gemini-pro"));
  }

  @Test
  void secretsNeverAppearInToString() {
    GatewayConfig c = loader(Map.of("ACME_APP_KEY", APP_KEY, "OPENAI_API_KEY", "sk-openai-1234567890",
        "SWITCHBOARD_ADMIN_KEY", "admin-secret-value")).parse(resource("supported-example.yaml")).config();
    String text = c.toString();
    assertFalse(text.contains("sk-openai-1234567890"), text);
    assertFalse(text.contains("admin-secret-value"), text);
    assertFalse(text.contains(CI_DIGEST), text);
  }

  @Test
  void tenantKeyFromEnvironmentIsHashedToSha256Hex() {
    GatewayConfig c = loader(Map.of("K", "sk-0123456789abcdef")).parse(MINIMAL + """
        tenants:
          t: { keys: [ { id: k1, key: "${K}" } ], models: [ demo ] }
        """).config();
    // printf %s sk-0123456789abcdef | sha256sum
    assertEquals(List.of(new TenantConfig.Key("k1", "221df437bc4f8c4d9718bd7a9ec4c1021c72fd69dfb2a5f568ecf4607c824bee")),
        c.tenants().get("t").keys());
  }

  @Test
  void sha256HexIsStandardSha256() {
    assertEquals(CI_DIGEST, KeyDigest.sha256Hex("sk-acme-ci-key-0123456789"));
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", KeyDigest.sha256Hex(""));
  }

  @Test
  void defaults() {
    GatewayConfig c = loader(Map.of()).parse(MINIMAL).config();
    assertEquals(8080, c.server().port());
    assertEquals("0.0.0.0", c.server().host());
    assertEquals(4_194_304, c.server().maxBodyBytes());
    assertEquals("jdbc:sqlite:data/switchboard.db", c.store().url());
    assertEquals("", c.admin().key());
    assertEquals("", c.redis().url());
    assertEquals(3, c.routing().maxAttempts());
    assertEquals("weighted", c.models().get("demo").strategy());
    assertEquals(1, c.models().get("demo").deployments().get(0).weight());
    assertTrue(c.tenants().isEmpty());
  }

  @Test
  void loadReadsAFileAndReportsAMissingOne(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("switchboard.yaml");
    Files.writeString(file, "server: { port: 9999 }\n" + MINIMAL);
    assertEquals(9999, loader(Map.of()).load(file).config().server().port());

    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).load(dir.resolve("nope.yaml")));
    assertTrue(e.getMessage().startsWith(dir.resolve("nope.yaml") + ": file not found"), e.getMessage());
  }

  @Test
  void portOverrideWins() {
    GatewayConfig c = loader(Map.of()).parse("server: { port: 8080, host: 127.0.0.1 }\n" + MINIMAL).config();
    GatewayConfig o = ConfigLoader.withOverrides(c, Map.of("port", " 9091 "));
    assertEquals(9091, o.server().port());
    assertEquals("127.0.0.1", o.server().host());
    assertEquals(c.models(), o.models());
    assertEquals(8080, ConfigLoader.withOverrides(c, Map.of()).server().port());
    assertEquals(8080, ConfigLoader.withOverrides(c, Map.of("port", "")).server().port());
  }

  @Test
  void badPortOverride() {
    GatewayConfig c = loader(Map.of()).parse(MINIMAL).config();
    for (String bad : List.of("http", "70000", "-1")) {
      ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.withOverrides(c, Map.of("port", bad)));
      assertEquals("server.port", e.problems().get(0).path());
      assertEquals("server.port: the port override must be 0-65535, was '" + bad + "'", e.getMessage());
    }
  }
}
