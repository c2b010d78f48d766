package dev.switchboard.admin;

import dev.switchboard.api.GatewayError;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.routing.ModelRouter;
import dev.switchboard.routing.doctor.Doctor;
import dev.switchboard.routing.doctor.DoctorTarget;
import dev.switchboard.routing.doctor.JsonReport;
import dev.switchboard.routing.doctor.Redactor;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code POST /admin/doctor[?deployment=<provider/model>]}: runs the doctor (dns, tcp, tls, http, auth, a one-token
 * completion) against the running gateway's deployments, or the one named, and answers its JSON report, the same
 * as {@code switchboard doctor --json}. Secrets are masked. The doctor runs its blocking steps on worker threads and
 * bounds every step, so the event loop only composes the result.
 */
public final class DoctorHandler {
  private final Doctor doctor;
  private final Supplier<ModelRouter> router;
  private final Supplier<Collection<ProviderConfig>> providers;

  public DoctorHandler(Vertx vertx, Supplier<ModelRouter> router, Supplier<Collection<ProviderConfig>> providers) {
    this.doctor = new Doctor(vertx, Set.of(), null, Clock.systemUTC());
    this.router = router;
    this.providers = providers;
  }

  public void handle(RoutingContext ctx) {
    List<DoctorTarget> targets = DoctorTarget.of(router.get().groups().values());
    String only = ctx.request().getParam("deployment");
    if (only != null) {
      targets = targets.stream().filter(t -> t.deployment().id().equals(only)).toList();
      if (targets.isEmpty()) {
        throw new GatewayError(404, "invalid_request_error", "deployment_not_found", "deployment",
            "deployment: no configured deployment '" + only + "' (see GET /admin/upstreams)", Map.of(), Map.of());
      }
    }
    Redactor redactor = new Redactor(providers.get());
    doctor.check(targets).onFailure(ctx::fail).onSuccess(report -> ctx.response()
        .putHeader("content-type", "application/json")
        .end(JsonReport.render(report, redactor)));
  }
}
