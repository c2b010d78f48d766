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
import java.util.Map;
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
  void everyCatalogModelHasAContextWindow() {
    for (String type : registry.supported()) {
      ProviderCatalog.Entry entry = registry.catalog().entry(type).orElseThrow(() -> new AssertionError("no catalog for " + type));
      assertFalse(entry.models().isEmpty(), type);
      entry.models().values().forEach(m -> assertTrue(m.contextWindow() > 0, type + "/" + m.name()));
    }
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
