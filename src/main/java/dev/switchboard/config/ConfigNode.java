package dev.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cursor over the parsed YAML tree that knows its key path and records every problem it meets,
 * so that validation reports all problems at once rather than the first.
 */
final class ConfigNode {
  private final JsonNode node;
  private final String path;
  private final List<ConfigProblem> problems;

  ConfigNode(JsonNode node, String path, List<ConfigProblem> problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  String path() {
    return path;
  }

  boolean isMissing() {
    return node == null || node.isMissingNode() || node.isNull();
  }

  /** True when the key is not in the file at all (an explicit empty or null value is present). */
  boolean isAbsent() {
    return node == null || node.isMissingNode();
  }

  void problem(String message) {
    problems.add(new ConfigProblem(path.isEmpty() ? "(root)" : path, message));
  }

  ConfigNode child(String key) {
    JsonNode value = node != null && node.isObject() ? node.get(key) : null;
    return new ConfigNode(value, path.isEmpty() ? key : path + "." + key, problems);
  }

  /** Reports keys other than {@code allowed}; returns false (and reports) when this is not a mapping. */
  boolean expectObject(Set<String> allowed) {
    if (isMissing()) {
      return false;
    }
    if (!node.isObject()) {
      problem("expected a mapping of keys to values");
      return false;
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        problems.add(new ConfigProblem(path.isEmpty() ? name : path + "." + name,
            "unknown key (expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ")"));
      }
    }
    return true;
  }

  /** The entries of a mapping whose keys are names (providers, models, tenants), in file order. */
  Map<String, ConfigNode> entries() {
    Map<String, ConfigNode> out = new LinkedHashMap<>();
    if (isMissing()) {
      return out;
    }
    if (!node.isObject()) {
      problem("expected a mapping of names to entries");
      return out;
    }
    node.fields().forEachRemaining(e -> out.put(e.getKey(),
        new ConfigNode(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), problems)));
    return out;
  }

  List<ConfigNode> items() {
    List<ConfigNode> out = new ArrayList<>();
    if (isMissing()) {
      return out;
    }
    if (!node.isArray()) {
      problem("expected a list");
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      out.add(new ConfigNode(node.get(i), path + "[" + i + "]", problems));
    }
    return out;
  }

  String text(String fallback) {
    if (isMissing()) {
      return fallback;
    }
    if (!node.isValueNode()) {
      problem("expected a single value");
      return fallback;
    }
    return node.asText();
  }

  String requiredText() {
    String value = text(null);
    if (value == null || value.isBlank()) {
      if (value != null || isMissing()) {
        problem("required");
      }
      return null;
    }
    return value;
  }

  long integer(long fallback, long min, long max) {
    if (isMissing() || (node.isTextual() && node.asText().isBlank())) {
      return fallback;
    }
    String raw = node.asText().trim();
    try {
      long value = node.isIntegralNumber() ? node.asLong() : Long.parseLong(raw);
      if (value < min || value > max) {
        problem("must be between " + min + " and " + max + ", was " + value);
        return fallback;
      }
      return value;
    } catch (NumberFormatException e) {
      problem("expected a whole number, was '" + raw + "'");
      return fallback;
    }
  }

  BigDecimal decimal(BigDecimal fallback, BigDecimal min, BigDecimal max) {
    if (isMissing()) {
      return fallback;
    }
    try {
      BigDecimal value = node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText().trim());
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        problem("must be between " + min.toPlainString() + " and " + max.toPlainString());
        return fallback;
      }
      return value;
    } catch (NumberFormatException e) {
      problem("expected a number, was '" + node.asText() + "'");
      return fallback;
    }
  }

  boolean bool(boolean fallback) {
    if (isMissing()) {
      return fallback;
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    String raw = node.asText().trim();
    if (raw.equals("true") || raw.equals("false")) {
      return Boolean.parseBoolean(raw);
    }
    problem("expected true or false, was '" + raw + "'");
    return fallback;
  }

  List<String> textList() {
    List<String> out = new ArrayList<>();
    for (ConfigNode item : items()) {
      String value = item.requiredText();
      if (value != null) {
        out.add(value);
      }
    }
    return out;
  }

  /** The scalar entries of a mapping, as text (for provider-specific keys). */
  Map<String, String> scalars(Set<String> skip) {
    Map<String, String> out = new LinkedHashMap<>();
    if (isMissing() || !node.isObject()) {
      return out;
    }
    node.fields().forEachRemaining(e -> {
      if (!skip.contains(e.getKey()) && e.getValue().isValueNode() && !e.getValue().isNull()) {
        out.put(e.getKey(), e.getValue().asText());
      }
    });
    return out;
  }
}
