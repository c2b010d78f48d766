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
 * are remembered, so validation can say which variable an empty value came from. YAML comments
 * ({@code #} at the start of a line or after a space, outside quotes) are left alone.
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
    StringBuilder out = new StringBuilder(text.length());
    for (String line : text.split("(?<=\n)", -1)) {
      int comment = commentStart(line);
      out.append(substitute(line.substring(0, comment), env, unset)).append(line.substring(comment));
    }
    return new Result(out.toString(), unset);
  }

  private static String substitute(String text, Function<String, String> env, Set<String> unset) {
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
    return out.toString();
  }

  /** Index where a YAML comment starts in {@code line}, or its length when there is none. */
  private static int commentStart(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return i;
      }
    }
    return line.length();
  }
}
