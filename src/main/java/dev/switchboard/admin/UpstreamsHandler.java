package dev.switchboard.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.Json;
import dev.switchboard.routing.ModelGroup;
import dev.switchboard.routing.ModelRouter;
import dev.switchboard.routing.Target;
import dev.switchboard.routing.health.HealthSnapshot;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /admin/upstreams}: every deployment with its health state, the reason class and text of its last
 * failure, since when, counters, latency percentiles and in-flight attempts; and every model group with how many
 * of its deployments can take traffic now.
 */
public final class UpstreamsHandler {
  private final Supplier<ModelRouter> router;

  public UpstreamsHandler(Supplier<ModelRouter> router) {
    this.router = router;
  }

  public void handle(RoutingContext ctx) {
    ModelRouter r = router.get();
    Map<String, Target> deployments = new LinkedHashMap<>();
    Map<String, List<String>> groupsOf = new LinkedHashMap<>();
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode models = root.putArray("models");
    for (ModelGroup group : r.groups().values()) {
      ObjectNode m = models.addObject().put("model", group.name());
      ArrayNode ids = m.putArray("deployments");
      int available = 0;
      for (Target t : group.targets()) {
        String id = t.deployment().id();
        ids.add(id);
        deployments.putIfAbsent(id, t);
        groupsOf.computeIfAbsent(id, k -> new ArrayList<>()).add(group.name());
        if (r.health().of(id).available()) {
          available++;
        }
      }
      m.put("available", available).put("total", group.targets().size());
      m.set("fallbacks", Json.MAPPER.valueToTree(group.fallbacks()));
      m.set("context_fallbacks", Json.MAPPER.valueToTree(group.contextFallbacks()));
    }
    ArrayNode upstreams = root.putArray("upstreams");
    deployments.forEach((id, t) -> {
      HealthSnapshot s = r.health().of(id).snapshot();
      ObjectNode u = upstreams.addObject().put("deployment", id).put("provider", t.provider().name())
          .put("type", t.provider().config().type()).put("model", t.deployment().model());
      u.set("groups", Json.MAPPER.valueToTree(groupsOf.get(id)));
      u.put("state", s.state().wireName()).put("available", r.health().of(id).available())
          .put("reason", s.reason()).put("last_error", s.lastError()).put("since", text(s.since()))
          .put("ejected_until", text(s.ejectedUntil())).put("cooling_until", text(s.coolingUntil()))
          .put("in_flight", s.inFlight()).put("successes", s.successes()).put("failures", s.failures())
          .put("ejections", s.ejections());
      putMs(u, "latency_p50_ms", s.latencyP50Ms());
      putMs(u, "latency_p99_ms", s.latencyP99Ms());
      putMs(u, "latency_ewma_ms", s.latencyEwmaMs());
    });
    ctx.response().putHeader("content-type", "application/json").end(root.toString());
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static void putMs(ObjectNode node, String field, long ms) {
    if (ms < 0) {
      node.putNull(field);
    } else {
      node.put(field, ms);
    }
  }
}
