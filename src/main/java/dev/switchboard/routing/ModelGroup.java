package dev.switchboard.routing;

import java.util.List;

/** A public model name, its deployments, how to balance among them, and the models to fall back to. */
public record ModelGroup(String name, Balancer balancer, List<Target> targets, List<String> fallbacks) {
  public ModelGroup {
    targets = List.copyOf(targets);
    fallbacks = List.copyOf(fallbacks);
  }
}
