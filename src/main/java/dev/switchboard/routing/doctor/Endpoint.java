package dev.switchboard.routing.doctor;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a provider's base URL points: scheme, host, port and path.
 *
 * @param https whether the scheme is {@code https}
 * @param host  the host name or IP literal (without IPv6 brackets)
 * @param port  the explicit port, or 443/80 by scheme
 * @param path  the URL path, {@code /} when empty
 */
record Endpoint(boolean https, String host, int port, String path) {

  /** The endpoint of an {@code http(s)} base URL; empty for an in-process provider (no or another scheme). */
  static Optional<Endpoint> of(String baseUrl) {
    if (baseUrl == null || baseUrl.isBlank()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = URI.create(baseUrl.strip());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      return Optional.empty();
    }
    boolean https = scheme.equals("https");
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return Optional.of(new Endpoint(https, host, port, path));
  }

  /** {@code host:port}, with IPv6 literals in brackets. */
  String authority() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
