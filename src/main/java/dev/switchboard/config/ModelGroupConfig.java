package dev.switchboard.config;

import java.util.List;

/** A public model name and the deployments that serve it (CONTRACT section 2, {@code models}). */
public record ModelGroupConfig(String name, String strategy, List<DeploymentConfig> deployments,
                               List<String> fallbacks, List<String> contextFallbacks) {
  public ModelGroupConfig {
    deployments = List.copyOf(deployments);
    fallbacks = List.copyOf(fallbacks);
    contextFallbacks = List.copyOf(contextFallbacks);
  }
}
