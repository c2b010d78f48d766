package dev.switchboard.config;

import java.util.List;
import java.util.Set;

/** What the configuration needs to know about provider types, supplied by the provider registry. */
public interface ProviderTypes {

  /** The provider {@code type}s this build can serve. */
  Set<String> supported();

  /** The keys a provider entry of {@code type} may have besides the common ones. */
  Set<String> optionKeys(String type);

  /** The base URL used when a provider entry of {@code type} names none (from the catalog). */
  String defaultBaseUrl(String type);

  /** Checks one provider entry's type-specific values, adding problems at {@code path}. */
  void validate(ProviderConfig provider, String path, List<ConfigProblem> problems);
}
