package dev.switchboard.admin;

import dev.switchboard.api.GatewayError;
import dev.switchboard.usage.CostReports;
import dev.switchboard.usage.ReportQuery;
import dev.switchboard.usage.RequestLogPages;
import dev.switchboard.usage.RequestLogQuery;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** {@code GET /admin/reports/cost} (cost report, JSON or CSV) and {@code GET /admin/requests} (the request log). */
public final class ReportsHandler {
  private static final String DEFAULT_GROUP_BY = "tenant,model,day";

  private final CostReports reports;
  private final RequestLogPages requests;

  public ReportsHandler(CostReports reports, RequestLogPages requests) {
    this.reports = reports;
    this.requests = requests;
  }

  public void cost(RoutingContext ctx) {
    reports.send(ctx, ReportQuery.parse(ctx.queryParams(), DEFAULT_GROUP_BY, null));
  }

  public void requests(RoutingContext ctx) {
    requests.page(RequestLogQuery.parse(ctx.queryParams())).onSuccess(page -> {
      if (!ctx.response().closed()) {
        ctx.response().putHeader("content-type", "application/json").end(page.toString());
      }
    }).onFailure(e -> ctx.fail(new GatewayError(503, "api_error", "store_unavailable", null,
        "the usage store did not answer: " + e.getMessage(), Map.of(), Map.of())));
  }
}
