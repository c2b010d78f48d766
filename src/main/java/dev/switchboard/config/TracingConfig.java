package dev.switchboard.config;

/**
 * {@code tracing}: OpenTelemetry spans for every request and upstream attempt, exported over OTLP/HTTP to
 * {@code otlp_endpoint} (empty: no spans; the W3C trace context is still forwarded upstream).
 *
 * @param otlpEndpoint the collector's traces URL, e.g. {@code http://otel-collector:4318/v1/traces}
 * @param serviceName  {@code service.name} of the spans
 * @param sampleRatio  share of new traces recorded (0 to 1); a caller's sampled flag is honoured
 */
public record TracingConfig(String otlpEndpoint, String serviceName, double sampleRatio) {
  public boolean enabled() {
    return !otlpEndpoint.isEmpty();
  }
}
