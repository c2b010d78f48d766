package dev.switchboard.provider;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.config.ProviderTypes;
import dev.switchboard.provider.anthropic.AnthropicProviderFactory;
import dev.switchboard.provider.gemini.GeminiProviderFactory;
import dev.switchboard.provider.cohere.CohereProviderFactory;
import dev.switchboard.provider.azure.AzureOpenAiProviderFactory;
import dev.switchboard.provider.bedrock.BedrockProviderFactory;
import dev.switchboard.provider.mock.MockProviderFactory;
import dev.switchboard.provider.ollama.OllamaProviderFactory;
import dev.switchboard.provider.openai.OpenAiProviderFactory;
import dev.switchboard.provider.vertex.VertexProviderFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The provider types this build can serve, by their configuration {@code type}: every catalog entry whose
 * adapter has a factory here (so OpenAI-compatible presets such as {@code groq} come from catalog files alone).
 */
public final class ProviderRegistry implements ProviderTypes {
  private final Map<String, ProviderFactory> factories = new LinkedHashMap<>();
  private final ProviderCatalog catalog;

  public ProviderRegistry(List<ProviderFactory> adapters, ProviderCatalog catalog) {
    Map<String, ProviderFactory> byAdapter = new LinkedHashMap<>();
    adapters.forEach(f -> byAdapter.put(f.type(), f));
    byAdapter.forEach(factories::put);
    catalog.entries().values().forEach(e -> {
      ProviderFactory f = byAdapter.get(e.adapter());
      if (f != null) {
        factories.put(e.type(), f);
      }
    });
    this.catalog = catalog;
  }

  /** Every built-in provider type, with the catalog shipped in {@code providers/}. */
  public static ProviderRegistry builtIn() {
    return new ProviderRegistry(List.of(
        new OpenAiProviderFactory(),
        new AzureOpenAiProviderFactory(),
        new AnthropicProviderFactory(),
        new GeminiProviderFactory(),
        new CohereProviderFactory(),
        new OllamaProviderFactory(),
        new BedrockProviderFactory(),
        new VertexProviderFactory(),
        new MockProviderFactory()), ProviderCatalog.load());
  }

  public ProviderCatalog catalog() {
    return catalog;
  }

  public ProviderFactory factory(String type) {
    ProviderFactory f = factories.get(type);
    if (f == null) {
      throw new IllegalArgumentException("unknown provider type " + type);
    }
    return f;
  }

  @Override
  public Set<String> supported() {
    return factories.keySet();
  }

  @Override
  public Set<String> optionKeys(String type) {
    return factory(type).optionKeys();
  }

  @Override
  public String defaultBaseUrl(String type) {
    return catalog.entry(type).map(ProviderCatalog.Entry::baseUrl).orElse("");
  }

  @Override
  public void validate(ProviderConfig provider, String path, List<ConfigProblem> problems) {
    factory(provider.type()).validate(provider, path, problems);
  }
}
