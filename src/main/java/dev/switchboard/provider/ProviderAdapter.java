package dev.switchboard.provider;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Translates requests and responses between the OpenAI-shaped unified API and one backend's wire format.
 * Implementations are pure: no I/O, no shared mutable state; one instance serves every request of a provider.
 */
public interface ProviderAdapter {

  /** Builds the upstream HTTP request for a chat completion addressed to {@code deployment}. */
  UpstreamRequest chatRequest(ChatRequest request, Deployment deployment, boolean stream);

  /**
   * Reads a successful (2xx) non-streamed upstream response. The result's {@code usage} is always filled.
   *
   * @throws UpstreamFailureException with {@link FailureClass#MALFORMED_RESPONSE} when the body cannot be read
   */
  ChatResponse chatResponse(UpstreamResponse response, ChatRequest request, Deployment deployment);

  /** How the upstream frames a streamed response. */
  StreamFraming streamFraming();

  /** A new decoder for one streamed response; it may keep state across frames. */
  StreamDecoder newStreamDecoder(ChatRequest request, Deployment deployment);

  /**
   * A cheap authenticated request proving that the deployment is reachable and its key accepted, for active
   * health checks and {@code doctor}. A 2xx answer passes. The default is a completion capped at one output
   * token; adapters whose backend has a free call (such as listing models) override it.
   */
  default UpstreamRequest healthCheckRequest(Deployment deployment) {
    return chatRequest(HealthProbe.ONE_TOKEN, deployment, false);
  }

  /** Classifies a non-2xx upstream answer: what went wrong, and whether another deployment may be tried. */
  default Failure classify(UpstreamResponse response) {
    return Failures.fromStatus(response.status(), response.headers(), response.body());
  }

  /** Classifies a transport error (DNS, refused, timeout, TLS, reset). */
  default Failure classify(Throwable transportError) {
    return Failures.fromThrowable(transportError);
  }

  /** A response as received from upstream; {@code headers} are the upstream's. */
  record UpstreamResponse(int status, MultiMap headers, Buffer body) {}
}
