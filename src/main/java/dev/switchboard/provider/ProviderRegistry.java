package dev.switchboard.provider;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.config.ProviderTypes;
import dev.switchboard.provider.mock.MockProviderFactory;
import dev.switchboard.provider.openai.OpenAiProviderFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The provider types this build knows, by their configuration {@code type}. */
public final class ProviderRegistry implements ProviderTypes {
  private final Map<String, ProviderFactory> factories = new LinkedHashMap<>();
  private final ProviderCatalog catalog;

  public ProviderRegistry(List<ProviderFactory> factories, ProviderCatalog catalog) {
    factories.forEach(f -> this.factories.put(f.type(), f));
    this.catalog = catalog;
  }

  /** Every built-in provider type, with the catalog shipped in {@code providers/}. */
  public static ProviderRegistry builtIn() {
    List<ProviderFactory> factories = List.of(new OpenAiProviderFactory(), new MockProviderFactory());
    return new ProviderRegistry(factories, ProviderCatalog.load(factories.stream().map(ProviderFactory::type).toList()));
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
