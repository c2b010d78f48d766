package dev.switchboard.routing.doctor;

import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.TlsProblem;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The "try:" line for each reason class: the concrete next check a senior operator would make, naming the
 * configuration key to look at. Never includes a key's value.
 */
final class FixHints {
  private static final int MAX_LISTED_MODELS = 10;
  private final Set<String> unsetVariables;

  /** {@code unsetVariables}: the {@code ${NAME}} placeholders of the configuration that had no value. */
  FixHints(Set<String> unsetVariables) {
    this.unsetVariables = new TreeSet<>(unsetVariables);
  }

  private static String key(DoctorTarget target, String name) {
    return "providers." + target.providerName() + "." + name;
  }

  String dnsFailure(DoctorTarget target, Endpoint endpoint) {
    return "check the hostname '" + endpoint.host() + "' in " + key(target, "base_url") + " for typos; then your "
        + "resolver (nslookup " + endpoint.host() + ") and whether the name is only resolvable on a VPN or "
        + "corporate DNS this machine is not using";
  }

  String connectRefused(DoctorTarget target, Endpoint endpoint) {
    return "nothing accepts connections on " + endpoint.authority() + ": check that the server is running and "
        + "listening on port " + endpoint.port() + " on that interface (not only on 127.0.0.1 inside a container), "
        + "and that the port in " + key(target, "base_url") + " is right";
  }

  String connectTimeout(DoctorTarget target, Endpoint endpoint) {
    return "packets to " + endpoint.authority() + " go unanswered: a firewall or security group drops them, the "
        + "host is down, or this network needs a proxy/VPN to reach it; raise " + key(target, "connect_timeout_ms")
        + " only if the link is merely slow";
  }

  String tls(DoctorTarget target, Endpoint endpoint, TlsProblem problem, List<String> certificateNames) {
    return switch (problem) {
      case EXPIRED -> "renew the server's certificate (or ask the provider to); if it looks valid elsewhere, "
          + "check this machine's clock";
      case NOT_YET_VALID -> "check the clocks of this machine and of the server (NTP); the certificate's start "
          + "date lies in the future";
      case HOSTNAME_MISMATCH -> "use a host name the certificate covers in " + key(target, "base_url")
          + (certificateNames.isEmpty() ? "" : " (it names " + String.join(", ", certificateNames) + ")")
          + ", or reissue the certificate with a subjectAltName for " + endpoint.host();
      case UNTRUSTED -> "the issuer is not in this JVM's truststore: import the issuing CA (or the self-signed "
          + "certificate) with keytool -importcert into a truststore and start Java with "
          + "-Djavax.net.ssl.trustStore=PATH -Djavax.net.ssl.trustStorePassword=...; if the server should have a "
          + "public certificate, a proxy may be intercepting TLS";
      case PROTOCOL_MISMATCH -> "the server does not complete a TLS handshake on port " + endpoint.port()
          + ": if it serves plain HTTP there, use http:// in " + key(target, "base_url")
          + "; otherwise it requires a TLS version or cipher this JVM does not enable";
      case OTHER -> "inspect the server's TLS setup, e.g. openssl s_client -connect " + endpoint.authority()
          + " -servername " + endpoint.host();
    };
  }

  String certificateExpiresSoon(String until) {
    return "renew the certificate before " + until + ", or requests will fail with tls_error from then on";
  }

  String notHttp(DoctorTarget target, Endpoint endpoint) {
    return "the server on " + endpoint.authority() + " does not answer HTTP: check the port and the scheme "
        + "(http:// or https://) in " + key(target, "base_url");
  }

  String silentServer(DoctorTarget target, Endpoint endpoint, long ms) {
    return "the server on " + endpoint.authority() + " accepted the connection but sent nothing in " + ms
        + " ms: check that " + key(target, "base_url") + " names the API's port, not another service's";
  }

  /** The hint for a failed authenticated check request ({@code auth} step). */
  String auth(DoctorTarget target, Failure failure, String requestLine) {
    return switch (failure.reason()) {
      case AUTH_REJECTED -> keyHint(target.provider().config());
      case CALLER_ERROR, CONTEXT_LENGTH_EXCEEDED, CONTENT_FILTERED, HEALTH_CHECK_FAILED ->
          "the server refused " + requestLine + " with HTTP " + failure.status() + ": check the path in "
              + key(target, "base_url") + " (an OpenAI-compatible base URL ends in /v1) and the provider type";
      default -> common(target, failure);
    };
  }

  /** The hint for a failed one-token completion ({@code completion} step). */
  String completion(DoctorTarget target, Failure failure, List<String> listedModels) {
    return switch (failure.reason()) {
      case AUTH_REJECTED -> keyHint(target.provider().config()) + "; the key may lack access to the model '"
          + target.deployment().model() + "'";
      case CALLER_ERROR, CONTEXT_LENGTH_EXCEEDED, CONTENT_FILTERED, HEALTH_CHECK_FAILED ->
          "the upstream did not accept a completion for the model '" + target.deployment().model()
              + "': check the model name in " + String.join(", ", target.locations().stream()
              .map(l -> l + ".model").toList()) + listed(listedModels);
      default -> common(target, failure);
    };
  }

  private static String listed(List<String> models) {
    if (models.isEmpty()) {
      return "";
    }
    List<String> shown = models.stream().limit(MAX_LISTED_MODELS).toList();
    return " (the server lists: " + String.join(", ", shown) + (models.size() > shown.size() ? ", ..." : "") + ")";
  }

  private String keyHint(ProviderConfig provider) {
    String where = "providers." + provider.name() + ".api_key";
    if (provider.apiKey() == null || provider.apiKey().isEmpty()) {
      return where + " is empty: set it" + (unsetVariables.isEmpty() ? ""
          : " (these environment variables of the configuration are not set: " + String.join(", ", unsetVariables)
          + ")");
    }
    return "the key in " + where + " was refused: check that it is current, belongs to this provider account "
        + "(organization/project), and that the environment variable it is read from holds the key you expect";
  }

  private static String common(DoctorTarget target, Failure failure) {
    return switch (failure.reason()) {
      case RATE_LIMITED -> "the key works but the account is rate-limited or out of quota"
          + (failure.retryAfterMs() >= 0 ? " (retry after " + (failure.retryAfterMs() + 999) / 1000 + " s)" : "")
          + ": check the provider's usage and billing page, or spread load over more deployments";
      case UPSTREAM_5XX -> "the provider answered with a server error: check its status page (or the server's "
          + "logs for a self-hosted model) and retry later; the gateway fails over to other deployments meanwhile";
      case READ_TIMEOUT -> "no answer in time: the server is overloaded or still loading the model; check it, or "
          + "raise " + key(target, "timeout_ms");
      case DNS_FAILURE, CONNECT_REFUSED, CONNECT_TIMEOUT, TLS_ERROR -> "the gateway's HTTP client could not reach "
          + key(target, "base_url") + " although the network steps passed: check proxies and retry";
      default -> "the answer is not what a '" + target.provider().config().type() + "' API sends: check that "
          + key(target, "base_url") + " points at the API root, not at a web page, a login proxy or another API";
    };
  }
}
