package dev.switchboard.routing;

import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.UpstreamRequest;

/** One kind of request-response upstream call (chat, embeddings) as the attempt loop needs it. */
interface UnaryCall<T> {

  UpstreamRequest request(Target target);

  /** Reads a 2xx answer; throws {@link dev.switchboard.provider.UpstreamFailureException} when it cannot. */
  T read(Target target, ProviderAdapter.UpstreamResponse response);
}
