package dev.switchboard.config;

import static dev.switchboard.config.ConfigLoaderTest.MINIMAL;
import static dev.switchboard.config.ConfigLoaderTest.loader;
import static dev.switchboard.config.ConfigLoaderTest.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Invalid configurations: every problem is reported at once, each with its key path. */
class ConfigValidationTest {

  private static List<String> problems(String yaml) {
    return problems(yaml, Map.of());
  }

  private static List<String> problems(String yaml, Map<String, String> env) {
    ConfigException e = assertThrows(ConfigException.class, () -> loader(env).parse(yaml));
    List<String> lines = e.problems().stream().map(ConfigProblem::toString).toList();
    assertEquals(String.join("; ", lines), e.getMessage());
    return lines;
  }

  private static void assertHas(List<String> problems, String expected) {
    assertTrue(problems.contains(expected), () -> "expected <" + expected + "> among " + problems);
  }

  @Test
  void aMistypedProviderTypeListsTheSupportedOnes() {
    List<String> p = problems("""
        providers:
          main: { type: openia }
        models:
          m: { deployments: [ { provider: main, model: x } ] }
        """, Map.of());
    assertEquals(2, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("providers.main.type: unknown provider type 'openia' (supported: "), p.get(0));
    assertTrue(p.get(0).contains(" openai,") && p.get(0).contains(" mock,") && p.get(0).contains(" groq,"), p.get(0));
    assertEquals("models.m.deployments[0].provider: unknown provider 'main'", p.get(1));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    List<String> p = problems("""
        server: { port: 99999, max_body_bytes: 10 }
        sever: { port: 1 }
        providers:
          openai-main: { type: openai, api_key: sk-x, api_version: 2024-10-21 }
          local: { type: mock, fail_rate: 2 }
        models:
          gpt-4o:
            strategy: fastest
            deployments:
              - { provider: openai-main, model: gpt-4o }
              - { provider: azure-eest, model: gpt-4o-prod, weight: -1 }
          broken:
            deploymnets: [ { provider: local, model: mock-1 } ]
        """);
    assertEquals(List.of(
        "sever: unknown key (expected one of admin, cache, ledger, logging, models, prompts, providers, redis, routing, server, store, tenants, tracing)",
        "providers.openai-main.api_version: unknown key (expected one of api_key, base_url, connect_timeout_ms, "
            + "http2, max_connections, organization, timeout_ms, type)",
        "providers.local.fail_rate: must be between 0 and 1, was 2",
        "models.gpt-4o.strategy: unknown strategy 'fastest' (supported: least_busy, lowest_cost, lowest_latency, round_robin, weighted)",
        "models.gpt-4o.deployments[1].provider: unknown provider 'azure-eest'",
        "models.gpt-4o.deployments[1].weight: must be between 0 and 1000000, was -1",
        "models.broken.deploymnets: unknown key (expected one of cache, context_fallbacks, deployments, fallbacks, strategy)",
        "models.broken.deployments: at least one deployment is needed",
        "server.port: must be between 0 and 65535, was 99999",
        "server.max_body_bytes: must be between 1024 and 1073741824, was 10"), p);
  }

  @Test
  void badPort() {
    assertEquals(List.of("server.port: expected a whole number, was 'eighty'"),
        problems("server: { port: eighty }\n" + MINIMAL));
    assertEquals(List.of("server.port: expected a whole number, was '80.5'"), problems("server: { port: 80.5 }\n" + MINIMAL));
    assertEquals(List.of("server.port: must be between 0 and 65535, was -1"), problems("server: { port: -1 }\n" + MINIMAL));
  }

  @Test
  void mockOptions() {
    String yaml = MINIMAL.replace("{ type: mock }", "{ type: mock, fail_rate: lots, latency_ms: 700000 }");
    assertEquals(List.of("providers.local.latency_ms: must be between 0 and 600000, was 700000",
        "providers.local.fail_rate: expected a number between 0 and 1, was 'lots'"), problems(yaml));
  }

  @Test
  void badUrls() {
    assertEquals(List.of("providers.local.base_url: must be an http:// or https:// URL, was 'api.openai.com/v1'",
        "store.url: must start with jdbc:sqlite: or jdbc:postgresql:, was 'mysql://db'",
        "redis.url: must start with redis:// or rediss://, was 'localhost:6379'"),
        problems(MINIMAL.replace("{ type: mock }", "{ type: mock, base_url: api.openai.com/v1 }")
            + "store: { url: mysql://db }\nredis: { url: localhost:6379 }\n"));
  }

  @Test
  void sha256MustBe64Hex() {
    assertEquals(List.of("tenants.t.keys[0].sha256: must be the 64-character hex SHA-256 of the key"),
        problems(MINIMAL + "tenants:\n  t: { keys: [ { id: ci, sha256: \"abc123\" } ], models: [ demo ] }\n"));
    assertEquals(List.of("tenants.t.keys[0]: give either sha256 or key, not both"),
        problems(MINIMAL + "tenants:\n  t: { keys: [ { id: ci, sha256: abc, key: sk-0123456789abcdef } ] }\n"));
  }

  @Test
  void emptyKeyFromUnsetVariableNamesTheVariable() {
    assertEquals(List.of("tenants.acme.keys[0].key: is empty; unset environment variables: ACME_APP_KEY"),
        problems(MINIMAL + "tenants:\n  acme: { keys: [ { id: app, key: ${ACME_APP_KEY} } ], models: [ demo ] }\n"));
    assertEquals(List.of("tenants.acme.keys[0].key: is empty; unset environment variables: ACME_APP_KEY"),
        problems(MINIMAL + "tenants:\n  acme: { keys: [ { id: app, key: \"${ACME_APP_KEY}\" } ], models: [ demo ] }\n"));
    assertEquals(List.of("tenants.acme.keys[0].key: required: the key (from the environment) or its sha256"),
        problems(MINIMAL + "tenants:\n  acme: { keys: [ { id: app } ], models: [ demo ] }\n"));
  }

  @Test
  void shortKeyAndMissingId() {
    assertEquals(List.of("tenants.t.keys[0].key: too short: keys need at least 16 characters",
        "tenants.t.keys[1].id: required"),
        problems(MINIMAL + "tenants:\n  t:\n    keys: [ { id: a, key: sk-short }, { key: sk-0123456789abcdef } ]\n"));
  }

  @Test
  void duplicateKeyAcrossTenants() {
    String digest = KeyDigest.sha256Hex("sk-shared-0123456789");
    assertEquals(List.of("tenants.b.keys[0]: the same key is already configured at tenants.a.keys[1]"),
        problems(MINIMAL + "tenants:\n"
            + "  a: { keys: [ { id: one, key: sk-a-only-0123456789 }, { id: two, key: \"${SHARED}\" } ] }\n"
            + "  b: { keys: [ { id: dup, sha256: \"" + digest.toUpperCase() + "\" } ] }\n",
            Map.of("SHARED", "sk-shared-0123456789")));
  }

  @Test
  void tenantModelsMustExist() {
    assertEquals(List.of("tenants.t.models[1]: unknown model 'gpt-5'"),
        problems(MINIMAL + "tenants:\n  t: { models: [ demo, gpt-5, \"*\" ] }\n"));
  }

  @Test
  void fallbacksMustNameOtherKnownModels() {
    String yaml = MINIMAL + """
          other:
            deployments: [ { provider: local, model: mock-2 } ]
            fallbacks: [ demo, nope ]
            context_fallbacks: [ other ]
        """;
    assertEquals(List.of("models.other.fallbacks[1]: unknown model 'nope'",
        "models.other.context_fallbacks: a model cannot fall back to itself ('other')"), problems(yaml));
  }

  @Test
  void routingBounds() {
    assertEquals(List.of("routing.health.passive.max_ejection_ms: must not be less than base_ejection_ms",
        "routing.max_attempts: must be between 1 and 20, was 0"),
        problems(MINIMAL + "routing:\n  max_attempts: 0\n  health:\n"
            + "    passive: { base_ejection_ms: 60000, max_ejection_ms: 1000 }\n"));
  }

  @Test
  void invalidYamlGivesLineAndColumnOnOneLine() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> loader(Map.of()).parse("server:\n  port: 8080\n host: x\n"));
    assertEquals("(yaml)", e.problems().get(0).path());
    assertTrue(e.getMessage().startsWith("(yaml): not valid YAML at line 3, column 2: "), e.getMessage());
    assertTrue(e.getMessage().contains("expected <block end>"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), () -> "one line expected: " + e.getMessage());
  }

  @Test
  void emptyOrNonMappingConfiguration() {
    assertEquals(List.of("(root): the configuration is empty"), problems("# nothing here\n"));
    assertEquals(List.of("(root): expected a mapping of keys to values"), problems("- a\n- b\n"));
  }
}
