package dev.switchboard.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatRequestParser;
import dev.switchboard.api.GatewayError;
import dev.switchboard.config.DeploymentConfig;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.config.RoutingConfig;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderRegistry;
import dev.switchboard.routing.health.HealthRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plan a request gets, judged from the catalog before any upstream call. */
class ModelRouterPlanTest {
  private static Vertx vertx;
  private static ModelRouter router;

  @BeforeAll
  static void setUp() {
    vertx = Vertx.vertx();
    ProviderRegistry registry = ProviderRegistry.builtIn();
    ProviderConfig openai = new ProviderConfig("oa", "openai", "http://127.0.0.1:9/v1", "", 1000, 1000, 1, Map.of());
    Provider provider = registry.factory("openai").create(openai, vertx);
    RoutingConfig routing = new RoutingConfig(5, 1000, 5000, new RoutingConfig.Retry(0.2, 10, 25, 1000),
        new RoutingConfig.Active(false, 10_000, 2000, 3, 2), new RoutingConfig.Passive(5, 30_000, 300_000));
    router = new ModelRouter(vertx, routing, Map.of(
        "mixed", group("mixed", provider, registry, List.of("gpt-3.5-turbo", "gpt-4o"), List.of("big")),
        "small", group("small", provider, registry, List.of("gpt-4"), List.of("big")),
        "tiny", group("tiny", provider, registry, List.of("gpt-4"), List.of()),
        "big", group("big", provider, registry, List.of("gpt-4.1"), List.of()),
        "custom", group("custom", provider, registry, List.of("my-finetune"), List.of())),
        new HealthRegistry(routing, Clock.systemUTC()));
  }

  private static ModelGroup group(String name, Provider provider, ProviderRegistry registry, List<String> models,
                                  List<String> contextFallbacks) {
    List<Target> targets = models.stream().map(m -> new Target(Deployment.of(provider.config(),
        new DeploymentConfig("oa", m, 1, null, true), registry.catalog().model("openai", m).orElse(null)), provider)).toList();
    return new ModelGroup(name, new Balancer.RoundRobin(), targets, List.of(), contextFallbacks);
  }

  @AfterAll
  static void tearDown() {
    vertx.close();
  }

  private static ChatRequest chat(String json) {
    return ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> planned(String model, ChatRequest request) {
    return router.plan(request, router.group(model).orElseThrow()).targets().stream().map(t -> t.deployment().model()).toList();
  }

  private static String longPrompt(int words) {
    return "word ".repeat(words);
  }

  @Test
  void imagesGoOnlyToModelsThatSeeThem() {
    ChatRequest image = chat("{\"model\":\"mixed\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what?\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}]}");
    assertEquals(List.of("gpt-4o"), planned("mixed", image));
    ChatRequest text = chat("{\"model\":\"mixed\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(2, planned("mixed", text).size());
  }

  @Test
  void aPromptTooLongForTheWindowMovesToTheContextFallbacks() {
    ChatRequest longOne = chat("{\"model\":\"small\",\"messages\":[{\"role\":\"user\",\"content\":\"" + longPrompt(9000) + "\"}]}");
    assertEquals(List.of("gpt-4.1"), planned("small", longOne));
    ChatRequest shortOne = chat("{\"model\":\"small\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(List.of("gpt-4"), planned("small", shortOne));
  }

  @Test
  void nothingFitsIsA400NamingEachDeployment() {
    ChatRequest longOne = chat("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"" + longPrompt(9000) + "\"}]}");
    GatewayError e = assertThrows(GatewayError.class, () -> planned("tiny", longOne));
    assertEquals(400, e.status());
    assertEquals("context_length_exceeded", e.code());
    assertTrue(e.getMessage().contains("oa/gpt-4") && e.getMessage().contains("context window of 8192"), e.getMessage());

    ChatRequest tooMuchOutput = chat("{\"model\":\"tiny\",\"max_tokens\":50000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    GatewayError output = assertThrows(GatewayError.class, () -> planned("tiny", tooMuchOutput));
    assertEquals("model_cannot_serve", output.code());
    assertTrue(output.getMessage().contains("output limit of 4096"), output.getMessage());
  }

  @Test
  void modelsTheCatalogDoesNotKnowAlwaysFit() {
    ChatRequest longOne = chat("{\"model\":\"custom\",\"messages\":[{\"role\":\"user\",\"content\":\"" + longPrompt(9000) + "\"}]}");
    assertEquals(List.of("my-finetune"), planned("custom", longOne));
  }
}
