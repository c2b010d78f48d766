package dev.switchboard.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used; carries every problem found, each with its key path. */
public final class ConfigException extends RuntimeException {
  private final transient List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")), null, false, false);
    this.problems = List.copyOf(problems);
  }

  public static ConfigException single(String path, String message) {
    return new ConfigException(List.of(new ConfigProblem(path, message)));
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
