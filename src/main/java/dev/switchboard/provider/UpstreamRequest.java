package dev.switchboard.provider;

import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An HTTP request to send upstream. {@link #toString()} never shows header values, since they carry keys.
 *
 * @param method  HTTP method, e.g. {@code POST}
 * @param url     absolute URL
 * @param headers header names to values, in order
 * @param body    request body
 */
public record UpstreamRequest(String method, String url, Map<String, String> headers, Buffer body) {

  public UpstreamRequest {
    headers = Map.copyOf(headers);
  }

  @Override
  public String toString() {
    return method + " " + url + " headers=" + headers.keySet().stream().sorted().collect(Collectors.joining(",", "[", "]"))
        + " body=" + body.length() + "B";
  }
}
