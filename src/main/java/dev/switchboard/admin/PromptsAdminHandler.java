package dev.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.prompt.Prompt;
import dev.switchboard.prompt.PromptCatalog;
import dev.switchboard.prompt.PromptException;
import dev.switchboard.prompt.PromptRequests;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The admin side of prompts: {@code PUT /admin/prompts/{name}} publishes a new immutable version (and serves it),
 * {@code GET /admin/prompts} lists what is served, {@code GET /admin/prompts/{name}/versions} the history,
 * {@code POST /admin/prompts/{name}/rollback {"version":N}} serves version N again.
 */
public final class PromptsAdminHandler {
  private final PromptCatalog catalog;

  public PromptsAdminHandler(PromptCatalog catalog) {
    this.catalog = catalog;
  }

  public void publish(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    JsonNode body = body(ctx);
    try {
      catalog.publish(name, body).onFailure(ctx::fail).onSuccess(p -> reply(ctx, 201, summary(p)));
    } catch (PromptException e) {
      throw PromptRequests.invalid("invalid_prompt", "prompt '" + name + "' was not published: ", e.problems());
    }
  }

  public void list(RoutingContext ctx) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode data = root.putArray("data");
    Set<String> shadowed = catalog.shadowedFiles().stream().map(p -> p.name()).collect(Collectors.toSet());
    for (Prompt p : catalog.all()) {
      ObjectNode item = summary(p);
      if (shadowed.contains(p.name())) {
        item.put("shadowed_file", catalog.shadowedFiles().stream().filter(f -> f.name().equals(p.name()))
            .findFirst().map(f -> f.definition().source()).orElse(null));
      }
      data.add(item);
    }
    reply(ctx, 200, root);
  }

  public void versions(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    catalog.versions(name).onFailure(ctx::fail).onSuccess(versions -> {
      ObjectNode root = Json.MAPPER.createObjectNode().put("name", name);
      ArrayNode list = root.putArray("versions");
      versions.forEach(v -> {
        ObjectNode item = list.addObject().put("version", v.version()).put("source", v.source())
            .put("published_at", v.publishedAt()).put("active", v.active());
        if (v.definition() != null) {
          item.set("definition", v.definition());
        }
      });
      reply(ctx, 200, root);
    });
  }

  public void rollback(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    JsonNode version = body(ctx).path("version");
    if (!version.isIntegralNumber() || !version.canConvertToInt() || version.asInt() < 1) {
      throw GatewayError.invalidRequest("version", "version: required, a whole number from 1");
    }
    catalog.rollback(name, version.asInt()).onFailure(ctx::fail).onSuccess(p -> reply(ctx, 200, summary(p)));
  }

  private static JsonNode body(RoutingContext ctx) {
    try {
      JsonNode node = ctx.body().buffer() == null ? null : Json.MAPPER.readTree(ctx.body().buffer().getBytes());
      if (node == null || !node.isObject()) {
        throw GatewayError.invalidRequest(null, "the body must be a JSON object");
      }
      return node;
    } catch (java.io.IOException e) {
      throw GatewayError.invalidRequest(null, "the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static ObjectNode summary(Prompt p) {
    ObjectNode item = Json.MAPPER.createObjectNode().put("name", p.name()).put("version", p.version())
        .put("source", p.definition().source()).put("model", p.definition().model())
        .put("description", p.definition().description())
        .put("published_at", p.definition().publishedAt().toString());
    item.set("tenants", Json.MAPPER.valueToTree(p.definition().tenants()));
    return item;
  }

  private static void reply(RoutingContext ctx, int status, ObjectNode body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
  }
}
