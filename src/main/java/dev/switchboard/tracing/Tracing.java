package dev.switchboard.tracing;

import dev.switchboard.config.TracingConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The gateway's OpenTelemetry tracer: spans batched off the request path and exported over OTLP/HTTP (JDK HTTP
 * client), or no tracer at all when {@code tracing.otlp_endpoint} is empty. Trace context crosses the gateway in
 * W3C {@code traceparent} / {@code tracestate} headers.
 */
public final class Tracing implements AutoCloseable {
  private static final TextMapGetter<Function<String, String>> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Function<String, String> carrier) {
      return java.util.List.of("traceparent", "tracestate");
    }

    @Override
    public String get(Function<String, String> carrier, String key) {
      return carrier == null ? null : carrier.apply(key);
    }
  };

  private final SdkTracerProvider provider;
  private final Tracer tracer;

  private Tracing(SdkTracerProvider provider) {
    this.provider = provider;
    this.tracer = provider == null ? null : provider.get("dev.switchboard");
  }

  /** The tracing {@code config} asks for: exporting to its endpoint, or none. */
  public static Tracing create(TracingConfig config) {
    if (!config.enabled()) {
      return new Tracing(null);
    }
    return exporting(OtlpHttpSpanExporter.builder().setEndpoint(config.otlpEndpoint()).build(), config);
  }

  /** Tracing that hands finished spans to {@code exporter} in batches. */
  public static Tracing exporting(SpanExporter exporter, TracingConfig config) {
    Resource resource = Resource.getDefault().merge(Resource.create(
        Attributes.of(AttributeKey.stringKey("service.name"), config.serviceName())));
    return new Tracing(SdkTracerProvider.builder().setResource(resource)
        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.sampleRatio())))
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(200, TimeUnit.MILLISECONDS).build())
        .build());
  }

  /** The tracer, or null when tracing is off. */
  public Tracer tracer() {
    return tracer;
  }

  /** The caller's trace context from its request headers (an empty context without one). */
  public static Context extract(Function<String, String> headers) {
    return W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS);
  }

  /** Writes {@code context}'s trace headers into {@code headers}. */
  public static void inject(Context context, Map<String, String> headers) {
    W3CTraceContextPropagator.getInstance().inject(context, headers, (map, key, value) -> map.put(key, value));
  }

  /** Exports what is still buffered (on shutdown). */
  @Override
  public void close() {
    if (provider != null) {
      provider.shutdown().join(5, TimeUnit.SECONDS);
    }
  }
}
