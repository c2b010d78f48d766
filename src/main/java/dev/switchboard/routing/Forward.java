package dev.switchboard.routing;

import dev.switchboard.provider.UpstreamRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Headers a request carries to every upstream attempt on top of the ones its adapter builds — today the W3C trace
 * context ({@code traceparent}, {@code tracestate}). They never replace a header the adapter set.
 *
 * @param headers lower-case header names to values, already validated
 */
public record Forward(Map<String, String> headers) {
  /** Nothing to forward. */
  public static final Forward NONE = new Forward(Map.of());

  public Forward {
    headers = Map.copyOf(headers);
  }

  /** {@code request} with these headers added. */
  UpstreamRequest applyTo(UpstreamRequest request) {
    if (headers.isEmpty()) {
      return request;
    }
    Map<String, String> merged = new LinkedHashMap<>(headers);
    merged.putAll(request.headers());
    return new UpstreamRequest(request.method(), request.url(), merged, request.body());
  }
}
