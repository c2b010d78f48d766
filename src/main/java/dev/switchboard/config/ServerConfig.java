package dev.switchboard.config;

/**
 * {@code server}: where to listen, the request body limit, the shutdown drain bound, how often the configuration
 * file is checked for changes (0: never; SIGHUP and {@code POST /admin/reload} still reload), and how many event
 * loops accept and serve API connections (default: one per processor).
 */
public record ServerConfig(String host, int port, long maxBodyBytes, long drainTimeoutMs, long reloadWatchMs,
                           int eventLoops) {

  /** One event loop per processor the JVM sees. */
  public static int defaultEventLoops() {
    return Runtime.getRuntime().availableProcessors();
  }
}
