package dev.switchboard.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Loads {@code switchboard.yaml}: substitutes {@code ${ENV}} placeholders, parses YAML, and validates
 * everything, reporting each problem with its key path. Produces an immutable {@link GatewayConfig}.
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP = Set.of("server", "admin", "store", "redis", "logging", "prompts", "providers",
      "models", "routing", "tenants", "ledger", "cache", "tracing");

  private final ProviderTypes providerTypes;
  private final Function<String, String> env;

  public ConfigLoader(ProviderTypes providerTypes, Function<String, String> env) {
    this.providerTypes = providerTypes;
    this.env = env;
  }

  /** A loaded configuration and the environment variables it referred to that were not set. */
  public record Loaded(GatewayConfig config, Set<String> unsetVariables) {}

  public Loaded load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw ConfigException.single(file.toString(), "file not found (run from the project folder, or pass --config PATH)");
    } catch (IOException e) {
      throw ConfigException.single(file.toString(), "cannot read: " + e.getMessage());
    }
    return parse(text);
  }

  public Loaded parse(String yamlText) {
    EnvSubstitution.Result substituted = EnvSubstitution.apply(yamlText, env);
    JsonNode root;
    try {
      root = YAML.readTree(substituted.text());
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr();
      throw ConfigException.single("(yaml)", "not valid YAML" + where + ": " + oneLine(e.getOriginalMessage()));
    }
    List<ConfigProblem> problems = new ArrayList<>();
    ConfigNode top = new ConfigNode(root, "", problems);
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw ConfigException.single("(root)", "the configuration is empty");
    }
    top.expectObject(TOP);
    GatewayConfig config = new ConfigReader(providerTypes, substituted.unset(), problems).read(top);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Loaded(config, substituted.unset());
  }

  /** The parser's explanation without its indented source excerpts, on one line. */
  private static String oneLine(String message) {
    return String.join(": ", String.valueOf(message).lines()
        .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList());
  }

  /** Applies the {@code --port} flag or {@code SWITCHBOARD_PORT}, which win over the file. */
  public static GatewayConfig withOverrides(GatewayConfig config, Map<String, String> overrides) {
    String port = overrides.get("port");
    if (port == null || port.isBlank()) {
      return config;
    }
    try {
      int value = Integer.parseInt(port.trim());
      if (value < 0 || value > 65535) {
        throw new NumberFormatException();
      }
      return config.withPort(value);
    } catch (NumberFormatException e) {
      throw ConfigException.single("server.port", "the port override must be 0-65535, was '" + port + "'");
    }
  }
}
