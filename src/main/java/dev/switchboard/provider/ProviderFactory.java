package dev.switchboard.provider;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ProviderConfig;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;

/** Creates providers of one {@code type}; registered in {@link ProviderRegistry}. */
public interface ProviderFactory {

  /** The {@code type} value in configuration, e.g. {@code openai}. */
  String type();

  /** Type-specific configuration keys accepted besides the common ones. */
  Set<String> optionKeys();

  /** Checks type-specific values, adding problems at {@code path}. */
  void validate(ProviderConfig config, String path, List<ConfigProblem> problems);

  /** Creates the provider; called once per configured account. */
  Provider create(ProviderConfig config, Vertx vertx);
}
