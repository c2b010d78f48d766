package dev.switchboard.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The provider catalog shipped in {@code providers/<type>.yaml} (listed in {@code providers/index.txt}): per
 * provider type, the adapter that speaks it, the default base URL, how it authenticates, and the models it
 * serves with context windows, capabilities and prices. A type whose adapter is {@code openai} is a preset:
 * an OpenAI-compatible vendor that needs no code of its own.
 */
public final class ProviderCatalog {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One provider type's catalog entry. */
  public record Entry(String type, String displayName, String adapter, String baseUrl, String auth,
                      String pricesAsOf, Map<String, CatalogModel> models) {
    public Entry {
      models = Map.copyOf(models);
    }
  }

  private final Map<String, Entry> entries;

  public ProviderCatalog(Map<String, Entry> entries) {
    this.entries = Map.copyOf(entries);
  }

  /** Loads every catalog file named in {@code providers/index.txt} on the class path. */
  public static ProviderCatalog load() {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (String file : read("providers/index.txt").split("\\R")) {
      if (file.isBlank()) {
        continue;
      }
      String resource = "providers/" + file.strip();
      try {
        Entry entry = parse(resource, YAML.readTree(read(resource)));
        entries.put(entry.type(), entry);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the catalog file " + resource, e);
      }
    }
    return new ProviderCatalog(entries);
  }

  private static String read(String resource) {
    try (InputStream in = ProviderCatalog.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the catalog file " + resource + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the catalog file " + resource, e);
    }
  }

  static Entry parse(String source, JsonNode root) {
    Map<String, CatalogModel> models = new LinkedHashMap<>();
    root.path("models").fields().forEachRemaining(e -> {
      JsonNode m = e.getValue();
      models.put(e.getKey(), new CatalogModel(e.getKey(), m.path("mode").asText("chat"),
          m.path("context_window").asInt(0), m.path("max_output_tokens").asInt(0),
          decimal(source, e.getKey(), m, "input_per_mtok"), decimal(source, e.getKey(), m, "output_per_mtok"),
          decimal(source, e.getKey(), m, "cached_input_per_mtok"), decimal(source, e.getKey(), m, "cache_write_per_mtok"),
          decimal(source, e.getKey(), m, "reasoning_per_mtok"),
          flag(m, "tools"), flag(m, "vision"), flag(m, "json_schema")));
    });
    String type = root.path("type").asText();
    return new Entry(type, root.path("display_name").asText(), root.path("adapter").asText(type), root.path("base_url").asText(""),
        root.path("auth").asText("none"), root.path("prices_as_of").asText(""), models);
  }

  private static Boolean flag(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isBoolean() ? null : value.asBoolean();
  }

  private static BigDecimal decimal(String source, String model, JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalStateException(source + ": models." + model + "." + field
          + " must be a quoted decimal string, so it is never read through binary floating point");
    }
    return new BigDecimal(value.asText());
  }

  public Map<String, Entry> entries() {
    return entries;
  }

  public Optional<Entry> entry(String type) {
    return Optional.ofNullable(entries.get(type));
  }

  /** A model of a provider type, if the catalog lists it. */
  public Optional<CatalogModel> model(String type, String model) {
    return entry(type).map(e -> e.models().get(model));
  }
}
