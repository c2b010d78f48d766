package dev.switchboard.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in the configuration text before it is parsed.
 * {@code $${...}} stays literal as {@code ${...}}. Unset variables without a default become empty and
 * are remembered, so validation can say which variable an empty value came from.
 */
public final class EnvSubstitution {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\$?)\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private EnvSubstitution() {}

  /** The substituted text and the names of variables that were unset and had no default. */
  public record Result(String text, Set<String> unset) {}

  public static Result apply(String text, Map<String, String> env) {
    return apply(text, env::get);
  }

  public static Result apply(String text, Function<String, String> env) {
    Set<String> unset = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (!m.group(1).isEmpty()) {
        replacement = m.group().substring(1);
      } else {
        String value = env.apply(m.group(2));
        if (value == null || (value.isEmpty() && m.group(3) != null)) {
          if (m.group(3) == null) {
            unset.add(m.group(2));
          }
          value = m.group(3) == null ? "" : m.group(3);
        }
        replacement = value;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return new Result(out.toString(), unset);
  }
}
