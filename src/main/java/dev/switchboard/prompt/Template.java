package dev.switchboard.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A logic-less template in Mustache's syntax, deliberately small: {@code {{name}}} and {@code {{a.b}}} insert a
 * variable's value as plain text; {@code {{#name}}…{{/name}}} repeats its body for each item of an array (or
 * renders it once for a present, non-empty, non-false value); {@code {{^name}}…{{/name}}} renders when the value
 * is absent or empty; {@code {{.}}} is the current item. Values are inserted verbatim and never evaluated or
 * parsed again: there is no expression language, no partials, no lambdas, no escaping, and no access to files
 * or classes. A tag that is not one of these (for example {@code {{7*7}}}) is rejected when the template is parsed.
 */
public final class Template {
  private static final Pattern NAME = Pattern.compile("\\.|[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*");
  private static final int MAX_DEPTH = 16;

  private sealed interface Node permits Text, Variable, Section {}

  private record Text(String text) implements Node {}

  private record Variable(String name) implements Node {}

  private record Section(String name, boolean inverted, List<Node> body) implements Node {}

  private final List<Node> nodes;
  private final Set<String> variables;

  private Template(List<Node> nodes, Set<String> variables) {
    this.nodes = nodes;
    this.variables = variables;
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException naming the offending tag and its position
   */
  public static Template parse(String source) {
    Set<String> names = new TreeSet<>();
    List<List<Node>> stack = new ArrayList<>();
    List<String> open = new ArrayList<>();
    List<Node> current = new ArrayList<>();
    List<Boolean> inverted = new ArrayList<>();
    int at = 0;
    while (at < source.length()) {
      int start = source.indexOf("{{", at);
      if (start < 0) {
        current.add(new Text(source.substring(at)));
        break;
      }
      if (start > at) {
        current.add(new Text(source.substring(at, start)));
      }
      int end = source.indexOf("}}", start + 2);
      if (end < 0) {
        throw new IllegalArgumentException("unclosed tag '{{' at character " + start);
      }
      String tag = source.substring(start + 2, end).strip();
      at = end + 2;
      char kind = tag.isEmpty() ? ' ' : tag.charAt(0);
      if (kind == '#' || kind == '^') {
        String name = name(tag.substring(1).strip(), start);
        if (stack.size() >= MAX_DEPTH) {
          throw new IllegalArgumentException("sections nested deeper than " + MAX_DEPTH + " at character " + start);
        }
        stack.add(current);
        open.add(name);
        inverted.add(kind == '^');
        current = new ArrayList<>();
        if (stack.size() == 1) {
          names.add(root(name));
        }
      } else if (kind == '/') {
        String name = name(tag.substring(1).strip(), start);
        if (open.isEmpty() || !open.get(open.size() - 1).equals(name)) {
          throw new IllegalArgumentException("'{{/" + name + "}}' at character " + start + " closes no open section"
              + (open.isEmpty() ? "" : " (open: '" + open.get(open.size() - 1) + "')"));
        }
        Section section = new Section(name, inverted.remove(inverted.size() - 1), List.copyOf(current));
        open.remove(open.size() - 1);
        current = stack.remove(stack.size() - 1);
        current.add(section);
      } else {
        String name = name(tag, start);
        if (stack.isEmpty() && !name.equals(".")) {
          names.add(root(name));
        }
        current.add(new Variable(name));
      }
    }
    if (!open.isEmpty()) {
      throw new IllegalArgumentException("section '{{#" + open.get(open.size() - 1) + "}}' is never closed");
    }
    return new Template(List.copyOf(current), Set.copyOf(names));
  }

  private static String name(String tag, int position) {
    if (!NAME.matcher(tag).matches()) {
      throw new IllegalArgumentException("'{{" + tag + "}}' at character " + position
          + " is not a variable: templates take only {{name}}, {{a.b}}, {{#name}}, {{^name}}, {{/name}} and {{.}}");
    }
    return tag;
  }

  private static String root(String name) {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  /** The top-level variable names the template reads (outside sections, and each section's own name). */
  public Set<String> variables() {
    return variables;
  }

  /** Renders with {@code values} (a JSON object); a missing variable renders as nothing. */
  public String render(JsonNode values) {
    StringBuilder out = new StringBuilder();
    render(nodes, List.of(values), out);
    return out.toString();
  }

  private static void render(List<Node> nodes, List<JsonNode> scopes, StringBuilder out) {
    for (Node node : nodes) {
      if (node instanceof Text text) {
        out.append(text.text());
      } else if (node instanceof Variable variable) {
        out.append(text(lookup(variable.name(), scopes)));
      } else if (node instanceof Section section) {
        JsonNode value = lookup(section.name(), scopes);
        boolean present = truthy(value);
        if (section.inverted()) {
          if (!present) {
            render(section.body(), scopes, out);
          }
        } else if (present && value.isArray()) {
          for (JsonNode item : value) {
            render(section.body(), push(scopes, item), out);
          }
        } else if (present) {
          render(section.body(), push(scopes, value), out);
        }
      }
    }
  }

  private static List<JsonNode> push(List<JsonNode> scopes, JsonNode scope) {
    List<JsonNode> next = new ArrayList<>(scopes);
    next.add(scope);
    return next;
  }

  /** Looks a dotted name up in the innermost scope that has its first part, as Mustache does. */
  private static JsonNode lookup(String name, List<JsonNode> scopes) {
    if (name.equals(".")) {
      return scopes.get(scopes.size() - 1);
    }
    String[] parts = name.split("\\.");
    for (int i = scopes.size() - 1; i >= 0; i--) {
      JsonNode scope = scopes.get(i);
      if (scope != null && scope.isObject() && scope.has(parts[0])) {
        JsonNode value = scope.get(parts[0]);
        for (int p = 1; p < parts.length && value != null; p++) {
          value = value.isObject() ? value.get(parts[p]) : null;
        }
        return value;
      }
    }
    return null;
  }

  private static boolean truthy(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isArray() || value.isObject()) {
      return !value.isEmpty();
    }
    return !value.isTextual() || !value.asText().isEmpty();
  }

  private static String text(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "";
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }
}
