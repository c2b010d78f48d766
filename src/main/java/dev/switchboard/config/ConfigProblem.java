package dev.switchboard.config;

/** One thing wrong with a configuration, at a key path such as {@code models.gpt-4o.deployments[1].provider}. */
public record ConfigProblem(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
