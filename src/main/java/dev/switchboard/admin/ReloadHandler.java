package dev.switchboard.admin;

import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /admin/reload}: reads the configuration file again; 200 with what changed, or 400 {@code invalid_config}
 * listing every problem (the running configuration stays); 409 when the gateway was not started from a file.
 */
public final class ReloadHandler {
  private final Supplier<Future<ReloadOutcome>> reload;

  public ReloadHandler(Supplier<Future<ReloadOutcome>> reload) {
    this.reload = reload;
  }

  public void handle(RoutingContext ctx) {
    reload.get().onFailure(ctx::fail).onSuccess(outcome -> {
      if (outcome.status().equals("rejected")) {
        ctx.fail(new GatewayError(400, "invalid_request_error", "invalid_config", null,
            "the configuration was not reloaded: " + String.join("; ", outcome.problems()), Map.of(),
            Map.of("problems", outcome.problems())));
        return;
      }
      ctx.response().putHeader("content-type", "application/json").end(Json.MAPPER.valueToTree(outcome).toString());
    });
  }
}
