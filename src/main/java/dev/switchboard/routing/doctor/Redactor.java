package dev.switchboard.routing.doctor;

import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.Failures;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Masks secrets in what the doctor prints: every configured provider key (and key-, secret-, token- or
 * password-like option), plus anything that looks like an API key ({@link Failures#redact}).
 */
public final class Redactor {
  private static final int MIN_SECRET_LENGTH = 4;
  private static final String MASK = "***";
  private final List<String> secrets;

  public Redactor(Collection<ProviderConfig> providers) {
    this.secrets = providers.stream()
        .flatMap(p -> Stream.concat(Stream.of(p.apiKey()), p.options().entrySet().stream()
            .filter(e -> secretName(e.getKey())).map(Map.Entry::getValue)))
        .filter(s -> s != null && s.length() >= MIN_SECRET_LENGTH)
        .distinct()
        .sorted(Comparator.comparingInt(String::length).reversed())
        .toList();
  }

  private static boolean secretName(String option) {
    String name = option.toLowerCase(Locale.ROOT);
    return name.contains("key") || name.contains("secret") || name.contains("token") || name.contains("password");
  }

  /** The text with every known secret and every key-like string masked; null stays null. */
  public String mask(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    return Failures.redact(out);
  }
}
