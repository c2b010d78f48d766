package dev.switchboard.routing;

import java.util.List;

/**
 * A public model name, its deployments, how to balance among them, the models to fall back to when
 * every deployment fails, and those to use instead when a prompt does not fit the context window.
 */
public record ModelGroup(String name, Balancer balancer, List<Target> targets, List<String> fallbacks,
                         List<String> contextFallbacks) {
  public ModelGroup {
    targets = List.copyOf(targets);
    fallbacks = List.copyOf(fallbacks);
    contextFallbacks = List.copyOf(contextFallbacks);
  }
}
