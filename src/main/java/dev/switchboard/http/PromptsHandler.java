package dev.switchboard.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.prompt.OpenApiDocument;
import dev.switchboard.prompt.Prompt;
import dev.switchboard.prompt.PromptCatalog;
import dev.switchboard.prompt.PromptRequests;
import dev.switchboard.prompt.PromptRunner;
import dev.switchboard.routing.ModelGroup;
import dev.switchboard.routing.ModelRouter;
import dev.switchboard.routing.Routed;
import dev.switchboard.tenant.Tenant;
import dev.switchboard.usage.Pricing;
import dev.switchboard.usage.UsageEvent;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The prompt APIs for tenants: {@code GET /v1/prompts} (what the caller may call), {@code GET
 * /v1/prompts/openapi.json} (an OpenAPI 3.1 document of those) and {@code POST /v1/prompts/{name}} (render the
 * prompt with the body's variables and run it through the router, as JSON or as a stream of text deltas).
 */
final class PromptsHandler {
  private final Supplier<Snapshot> snapshot;
  private final PromptCatalog catalog;
  private final GatewayMetrics metrics;
  private final Admission admission;
  private final Billing billing;

  PromptsHandler(Supplier<Snapshot> snapshot, PromptCatalog catalog, GatewayMetrics metrics, Admission admission,
                 Billing billing) {
    this.snapshot = snapshot;
    this.catalog = catalog;
    this.metrics = metrics;
    this.admission = admission;
    this.billing = billing;
  }

  void list(RoutingContext ctx) {
    Tenant tenant = ApiAuth.tenant(ctx);
    ObjectNode root = Json.MAPPER.createObjectNode().put("object", "list");
    ArrayNode data = root.putArray("data");
    for (Prompt p : visible(tenant)) {
      ObjectNode item = data.addObject().put("name", p.name()).put("version", p.version())
          .put("description", p.definition().description()).put("model", p.definition().model())
          .put("url", "/v1/prompts/" + p.name());
      item.set("input", p.definition().input());
      item.set("output", p.definition().output());
    }
    json(ctx, root);
  }

  void openApi(RoutingContext ctx) {
    json(ctx, OpenApiDocument.build(visible(ApiAuth.tenant(ctx))));
  }

  void call(RoutingContext ctx) {
    RequestLog log = RequestLog.of(ctx);
    String name = ctx.pathParam("name");
    PromptRequests.Call call = PromptRequests.call(ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes());
    Tenant tenant = ApiAuth.tenant(ctx);
    log.stream = call.stream();
    catalog.resolve(name, call.version()).onFailure(ctx::fail).onSuccess(prompt -> {
      try {
        run(ctx, log, tenant, prompt, call);
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    });
  }

  private void run(RoutingContext ctx, RequestLog log, Tenant tenant, Prompt prompt, PromptRequests.Call call) {
    if (!prompt.definition().allows(tenant.id())) {
      throw new GatewayError(403, "permission_error", "prompt_not_allowed", "name",
          "your key may not call the prompt '" + prompt.name() + "'", Map.of(), Map.of());
    }
    log.model = prompt.definition().model();
    log.prompt = prompt.name();
    log.promptVersion = prompt.version();
    ModelRouter router = snapshot.get().router();
    ModelGroup group = router.group(prompt.definition().model())
        .orElseThrow(() -> GatewayError.modelNotFound(prompt.definition().model()));
    log.knownModel = true;
    boolean jsonSchema = group.targets().stream().allMatch(t -> t.deployment().catalog() == null
        || !Boolean.FALSE.equals(t.deployment().catalog().jsonSchema()));
    ChatRequest request = PromptRequests.render(prompt, call.variables(), call.stream(), jsonSchema);
    ctx.addEndHandler(done -> metrics.prompt(prompt.name(), prompt.version(), ctx.response().getStatusCode()));
    admission.chat(ctx, tenant, request, group).onFailure(ctx::fail)
        .onSuccess(admitted -> route(ctx, log, prompt, request, group, router));
  }

  private void route(RoutingContext ctx, RequestLog log, Prompt prompt, ChatRequest request, ModelGroup group,
                     ModelRouter router) {
    String id = "prompt-" + log.requestId;
    if (request.streaming()) {
      PromptStreamWriter writer = new PromptStreamWriter(ctx.response(), log, prompt, id, billing);
      router.stream(request, group, writer, TraceContext.of(ctx.request(), log)).onFailure(error -> {
        if (!ctx.response().headWritten()) {
          billing.recordFailure(log, error).onComplete(v -> {
            if (!ctx.response().closed()) {
              ctx.fail(error);
            }
          });
        }
      });
      return;
    }
    PromptRunner.complete(prompt, request, group, router, TraceContext.of(ctx.request(), log)).onSuccess(outcome -> bill(log, outcome.calls())
        .onSuccess(cost -> {
          log.usage = outcome.usage();
          ObjectNode body = Json.MAPPER.createObjectNode().put("id", id).put("prompt", prompt.name())
              .put("version", prompt.version()).put("model", prompt.definition().model());
          body.set("output", outcome.output());
          body.set("usage", Json.MAPPER.valueToTree(Billing.withCost(outcome.usage(), cost)));
          body.put("cost_usd", Pricing.format(cost.usd()));
          Routed<ChatResponse> last = outcome.calls().get(outcome.calls().size() - 1);
          long upstream = outcome.calls().stream().mapToLong(Routed::upstreamNanos).sum();
          JsonAnswers.send(ctx, log, new Routed<>(last.value(), last.target(), last.attempts(), upstream), cost, body);
        })).onFailure(e -> {
          if (e instanceof PromptRunner.PromptOutputException invalid) {
            bill(log, invalid.calls()).onComplete(v -> ctx.fail(invalid.error()));
          } else {
            billing.recordFailure(log, e).onComplete(v -> ctx.fail(e));
          }
        });
  }

  /**
   * Bills every upstream call a prompt call took (two after an output retry), each with its own event id — the
   * attempts are numbered on across the calls — and yields the summed cost once all are journaled.
   */
  private Future<Pricing.Cost> bill(RequestLog log, List<Routed<ChatResponse>> calls) {
    Future<Pricing.Cost> total = Future.succeededFuture(new Pricing.Cost(BigDecimal.ZERO, true));
    int attempt = 0;
    for (Routed<ChatResponse> call : calls) {
      attempt += call.attempts();
      int number = attempt;
      total = total.compose(sum -> billing.record(log, call.target(), number, call.value().usage(), UsageEvent.OK)
          .map(cost -> new Pricing.Cost(sum.usd().add(cost.usd()), sum.priced() && cost.priced())));
    }
    return total;
  }

  private List<Prompt> visible(Tenant tenant) {
    return catalog.all().stream().filter(p -> p.definition().allows(tenant.id())).toList();
  }

  private static void json(RoutingContext ctx, ObjectNode body) {
    ctx.response().putHeader("content-type", "application/json").end(body.toString());
  }
}
