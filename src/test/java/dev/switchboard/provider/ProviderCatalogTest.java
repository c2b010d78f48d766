package dev.switchboard.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProviderCatalogTest {
  private final ProviderRegistry registry = ProviderRegistry.builtIn();

  @Test
  void shipsTheOpenAiCatalogWithExactPrices() {
    ProviderCatalog.Entry openai = registry.catalog().entry("openai").orElseThrow();
    assertEquals("https://api.openai.com/v1", openai.baseUrl());
    assertEquals("bearer", openai.auth());
    CatalogModel gpt4o = registry.catalog().model("openai", "gpt-4o").orElseThrow();
    assertEquals(0, new BigDecimal("2.5").compareTo(gpt4o.inputPerMtok()));
    assertEquals(0, new BigDecimal("10").compareTo(gpt4o.outputPerMtok()));
    assertEquals(0, new BigDecimal("1.25").compareTo(gpt4o.cachedInputPerMtok()));
    assertEquals(128000, gpt4o.contextWindow());
    assertEquals(16384, gpt4o.maxOutputTokens());
    CatalogModel embedding = registry.catalog().model("openai", "text-embedding-3-small").orElseThrow();
    assertEquals("embedding", embedding.mode());
    assertNull(embedding.outputPerMtok());
  }

  @Test
  void theIndexNamesEveryCatalogFileAndEachLoads() throws Exception {
    Set<String> files;
    try (Stream<Path> list = Files.list(Path.of("providers"))) {
      files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).collect(Collectors.toSet());
    }
    Set<String> indexed = Set.copyOf(Files.readAllLines(Path.of("providers/index.txt")).stream()
        .filter(l -> !l.isBlank()).toList());
    assertEquals(files, indexed, "providers/index.txt must list every catalog file");
    assertEquals(files.size(), registry.catalog().entries().size());
  }

  @Test
  void openAiCompatibleVendorsArePresetsOfTheOpenAiAdapter() {
    for (String preset : List.of("mistral", "groq", "deepseek", "together", "fireworks", "openrouter", "xai", "perplexity",
        "vllm", "lm-studio")) {
      ProviderCatalog.Entry entry = registry.catalog().entry(preset).orElseThrow(() -> new AssertionError(preset));
      assertEquals("openai", entry.adapter(), preset);
      assertTrue(entry.baseUrl().startsWith("http"), preset);
      assertTrue(registry.supported().contains(preset), preset + " is a usable provider type");
    }
    CatalogModel llama = registry.catalog().model("groq", "llama-3.3-70b-versatile").orElseThrow();
    assertEquals(0, new BigDecimal("0.59").compareTo(llama.inputPerMtok()));
  }

  @Test
  void aProviderWithoutBaseUrlTakesTheCatalogDefault() {
    GatewayConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("""
        providers:
          main: { type: openai, api_key: sk-abcdefghijklmnop }
          local: { type: openai, base_url: "http://127.0.0.1:8000/v1/" }
        models:
          m: { deployments: [ { provider: main, model: gpt-4o } ] }
        """).config();
    assertEquals("https://api.openai.com/v1", config.providers().get("main").baseUrl());
    assertEquals("http://127.0.0.1:8000/v1", config.providers().get("local").baseUrl());
  }

  @Test
  void pricesMustBeQuotedDecimals() throws Exception {
    var yaml = new ObjectMapper(new YAMLFactory()).readTree("type: x\nmodels:\n  m: { input_per_mtok: 0.1 }\n");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ProviderCatalog.parse("x.yaml", yaml));
    assertTrue(e.getMessage().contains("models.m.input_per_mtok"), e.getMessage());
  }
}
