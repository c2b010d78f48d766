package dev.switchboard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's meters, exported in Prometheus text format at {@code /metrics}:
 * {@code switchboard_requests_total} and {@code switchboard_request_duration_seconds} by model, provider
 * and status, plus JVM and process meters.
 */
public final class GatewayMetrics implements AutoCloseable {
  public static final String REQUESTS = "switchboard.requests";
  public static final String REQUEST_DURATION = "switchboard.request.duration";
  private static final Duration[] SLOS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};

  private static final Duration[] OVERHEAD_SLOS = {Duration.ofNanos(50_000), Duration.ofNanos(100_000),
      Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100)};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MeterCache meters = new MeterCache();
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  public GatewayMetrics() {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Records one finished request; {@code provider} is {@code none} when no upstream answered. */
  public void request(String model, String provider, int status, long durationNanos) {
    String statusTag = String.valueOf(status);
    meters.get(Counter.class, REQUESTS, () -> Counter.builder(REQUESTS)
        .description("Requests answered, by public model, provider and HTTP status")
        .tags("model", model, "provider", provider, "status", statusTag).register(registry), model, provider, statusTag)
        .increment();
    meters.get(Timer.class, REQUEST_DURATION, () -> Timer.builder(REQUEST_DURATION)
        .description("Time from request to the end of the response")
        .tags("model", model, "provider", provider, "status", statusTag)
        .serviceLevelObjectives(SLOS).register(registry), model, provider, statusTag)
        .record(durationNanos, TimeUnit.NANOSECONDS);
  }

  /** Records the gateway's own time in one answered request (its latency to the answer's head minus upstream waiting). */
  public void overhead(long nanos) {
    meters.get(Timer.class, "switchboard.gateway.overhead", () -> Timer.builder("switchboard.gateway.overhead")
        .description("Time spent inside the gateway per answered request, excluding upstream time")
        .serviceLevelObjectives(OVERHEAD_SLOS).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Counts the tokens and cost of one billed event by tenant and public model (for dashboards and alerts; the
   * ledger holds the exact decimal amounts).
   */
  public void usage(String tenant, String model, long promptTokens, long completionTokens, BigDecimal costUsd) {
    String t = tenant == null ? "none" : tenant;
    String m = model == null ? "unknown" : model;
    meters.get(Counter.class, "switchboard.tokens", () -> Counter.builder("switchboard.tokens")
        .description("Tokens billed, by tenant, public model and kind")
        .tags("tenant", t, "model", m, "kind", "prompt").register(registry), t, m, "prompt").increment(promptTokens);
    meters.get(Counter.class, "switchboard.tokens", () -> Counter.builder("switchboard.tokens")
        .description("Tokens billed, by tenant, public model and kind")
        .tags("tenant", t, "model", m, "kind", "completion").register(registry), t, m, "completion")
        .increment(completionTokens);
    meters.get(Counter.class, "switchboard.cost.usd", () -> Counter.builder("switchboard.cost.usd")
        .description("USD billed, by tenant and public model")
        .tags("tenant", t, "model", m).register(registry), t, m).increment(costUsd.doubleValue());
  }

  /** Records a stream's time to first token: from the request to the committed response head. */
  public void timeToFirstToken(String model, long nanos) {
    Timer.builder("switchboard.time.to.first.token").description("Time from a streamed request to its first token")
        .tag("model", model).serviceLevelObjectives(SLOS).register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Counts a request the response cache took part in, by model and {@code hit} / {@code miss}. */
  public void cache(String model, String result) {
    Counter.builder("switchboard.cache.requests").description("Cacheable requests, by public model and result")
        .tags("model", model, "result", result).register(registry).increment();
  }

  /** Records one finished prompt call. */
  public void prompt(String prompt, int version, int status) {
    Counter.builder("switchboard.prompt.calls").description("Prompt API calls, by prompt, version and HTTP status")
        .tags("prompt", prompt, "version", String.valueOf(version), "status", String.valueOf(status))
        .register(registry).increment();
  }

  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
