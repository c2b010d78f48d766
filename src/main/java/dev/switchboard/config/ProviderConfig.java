package dev.switchboard.config;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One upstream account under {@code providers}. {@code options} holds the type-specific keys
 * (e.g. {@code organization}, {@code api_version}, {@code latency_ms}) as text. {@code http2}: speak HTTP/2 to
 * the upstream (by ALPN over TLS, falling back to HTTP/1.1; by prior knowledge over plain HTTP).
 * {@link #toString()} never shows the key.
 */
public record ProviderConfig(String name, String type, String baseUrl, String apiKey, long timeoutMs,
                             long connectTimeoutMs, int maxConnections, Map<String, String> options, boolean http2) {

  public ProviderConfig {
    options = Map.copyOf(options);
  }

  /** An HTTP/1.1 provider account. */
  public ProviderConfig(String name, String type, String baseUrl, String apiKey, long timeoutMs,
                        long connectTimeoutMs, int maxConnections, Map<String, String> options) {
    this(name, type, baseUrl, apiKey, timeoutMs, connectTimeoutMs, maxConnections, options, false);
  }

  /** A copy whose options are overridden by {@code overrides} (a deployment's placement). */
  public ProviderConfig withOptions(Map<String, String> overrides) {
    if (overrides.isEmpty()) {
      return this;
    }
    Map<String, String> merged = new java.util.HashMap<>(options);
    merged.putAll(overrides);
    return new ProviderConfig(name, type, baseUrl, apiKey, timeoutMs, connectTimeoutMs, maxConnections, merged,
        http2);
  }

  /** A type-specific option, or {@code fallback}. */
  public String option(String key, String fallback) {
    String value = options.get(key);
    return value == null || value.isEmpty() ? fallback : value;
  }

  @Override
  public String toString() {
    return "ProviderConfig[name=" + name + ", type=" + type + ", baseUrl=" + baseUrl + ", apiKey="
        + (apiKey == null || apiKey.isEmpty() ? "<none>" : "***") + ", options="
        + options.keySet().stream().sorted().collect(Collectors.joining(",", "[", "]")) + "]";
  }
}
