package dev.switchboard.config;

import java.util.List;

/**
 * A public model name and the deployments that serve it (CONTRACT section 2, {@code models}).
 *
 * @param cacheTtlMs how long answers are kept in the response cache ({@code cache.ttl_ms}); 0: only requests
 *                   that ask for it ({@code cache-control: max-age=N}) are cached
 */
public record ModelGroupConfig(String name, String strategy, List<DeploymentConfig> deployments,
                               List<String> fallbacks, List<String> contextFallbacks, long cacheTtlMs) {
  public ModelGroupConfig {
    deployments = List.copyOf(deployments);
    fallbacks = List.copyOf(fallbacks);
    contextFallbacks = List.copyOf(contextFallbacks);
  }
}
