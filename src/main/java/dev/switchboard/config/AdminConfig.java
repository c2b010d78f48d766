package dev.switchboard.config;

/**
 * {@code admin}: the admin key (empty: the admin API answers 401 to everyone) and, optionally, a port of its own
 * for the admin API and the console ({@code -1}: they share the main port; {@code 0}: any free port).
 */
public record AdminConfig(String key, int port) {
  /** True when the admin API and the console listen on their own port. */
  public boolean ownPort() {
    return port >= 0;
  }

  @Override
  public String toString() {
    return "AdminConfig[key=" + (key == null || key.isEmpty() ? "<none>" : "***") + ", port=" + port + "]";
  }
}
