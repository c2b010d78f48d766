package dev.switchboard.routing;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.routing.health.HealthRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Decides which deployments a request may try, in order: the group's (as its balancer orders them), then
 * each fallback group's; without those the catalog says cannot serve it (then the context fallbacks when
 * the prompt is too long); without those that are ejected, unhealthy or cooling down. When none is
 * available the plan is the least bad one alone (panic), or a 429 when every one is only cooling down.
 */
final class Planner {
  private final Map<String, ModelGroup> groups;
  private final HealthRegistry health;

  Planner(Map<String, ModelGroup> groups, HealthRegistry health) {
    this.groups = groups;
    this.health = health;
  }

  /** The plan for a request any deployment of the group can take if {@code supports} says so. */
  Plan plan(ModelGroup group, Predicate<Target> supports) {
    List<Target> candidates = candidates(group, group.fallbacks()).stream().filter(supports).toList();
    if (candidates.isEmpty()) {
      throw GatewayError.invalidRequest("model", "model '" + group.name()
          + "' has no deployment that serves this kind of request");
    }
    return available(group.name(), candidates);
  }

  /**
   * The plan for a chat request, judged against the catalog first.
   *
   * @throws GatewayError 400 naming every deployment and why it cannot serve the request
   */
  Plan plan(ChatRequest request, ModelGroup group) {
    int[] promptTokens = {-1};
    IntSupplier tokens = () -> promptTokens[0] >= 0 ? promptTokens[0]
        : (promptTokens[0] = TokenEstimate.ofMessages(request.messages()));
    List<Fit.Misfit> misfits = new ArrayList<>();
    List<Target> fits = fitting(request, candidates(group, group.fallbacks()), tokens, misfits);
    if (fits.isEmpty() && misfits.stream().anyMatch(Fit.Misfit::context) && !group.contextFallbacks().isEmpty()) {
      fits = fitting(request, candidates(null, group.contextFallbacks()), tokens, misfits);
    }
    if (fits.isEmpty()) {
      boolean context = misfits.stream().allMatch(Fit.Misfit::context);
      String why = misfits.stream().map(m -> m.target().deployment().id() + " " + m.reason())
          .distinct().collect(Collectors.joining("; "));
      throw new GatewayError(400, "invalid_request_error", context ? "context_length_exceeded" : "model_cannot_serve",
          "messages", "model '" + group.name() + "' cannot serve this request: " + why, Map.of(), Map.of());
    }
    return available(group.name(), fits);
  }

  /** Where the rest of a request goes when an upstream says its prompt is longer than the context window. */
  List<Target> contextFallbacks(ModelGroup group, Predicate<Target> supports) {
    return candidates(null, group.contextFallbacks()).stream().filter(supports).toList();
  }

  private Plan available(String model, List<Target> candidates) {
    List<Target> available = candidates.stream().filter(t -> health.of(t.deployment().id()).available()).toList();
    if (!available.isEmpty()) {
      return new Plan(available, false, candidates);
    }
    if (candidates.stream().allMatch(t -> health.of(t.deployment().id()).onlyCooling())) {
      throw UpstreamErrors.noHealthyUpstream(model, candidates, health);
    }
    Target leastBad = candidates.stream()
        .min(Comparator.comparing(t -> health.of(t.deployment().id()).availableAt())).orElseThrow();
    return new Plan(List.of(leastBad), true, candidates);
  }

  private static List<Target> fitting(ChatRequest request, List<Target> candidates, IntSupplier tokens,
                                      List<Fit.Misfit> misfits) {
    List<Target> fits = new ArrayList<>();
    for (Target t : candidates) {
      Fit.Misfit misfit = Fit.check(request, t, tokens);
      if (misfit == null) {
        fits.add(t);
      } else {
        misfits.add(misfit);
      }
    }
    return fits;
  }

  private List<Target> candidates(ModelGroup group, List<String> others) {
    Set<Target> out = new LinkedHashSet<>();
    if (group != null) {
      out.addAll(group.balancer().order(group.targets(), health));
    }
    for (String name : others) {
      ModelGroup next = groups.get(name);
      if (next != null) {
        out.addAll(next.balancer().order(next.targets(), health));
      }
    }
    return new ArrayList<>(out);
  }
}
