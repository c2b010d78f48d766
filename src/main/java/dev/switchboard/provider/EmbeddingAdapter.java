package dev.switchboard.provider;

import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingResponse;

/**
 * Implemented by the adapters of backends that serve embeddings. Pure like {@link ProviderAdapter}:
 * no I/O; failures are classified by the provider's {@link ProviderAdapter}.
 */
public interface EmbeddingAdapter {

  /** Builds the upstream HTTP request for an embeddings call addressed to {@code deployment}. */
  UpstreamRequest embeddingRequest(EmbeddingRequest request, Deployment deployment);

  /**
   * Reads a successful (2xx) upstream answer: one vector per input in input order, encoded as the client
   * asked ({@link EmbeddingRequest#wantsBase64()}), with usage filled.
   *
   * @throws UpstreamFailureException with {@link FailureClass#MALFORMED_RESPONSE} when the body cannot be read
   */
  EmbeddingResponse embeddingResponse(ProviderAdapter.UpstreamResponse response, EmbeddingRequest request,
                                      Deployment deployment);
}
