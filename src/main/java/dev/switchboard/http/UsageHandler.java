package dev.switchboard.http;

import dev.switchboard.usage.CostReports;
import dev.switchboard.usage.ReportQuery;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /v1/usage}: the cost report limited to the caller's own tenant. */
final class UsageHandler {
  private static final String DEFAULT_GROUP_BY = "model,day";

  private final CostReports reports;

  UsageHandler(CostReports reports) {
    this.reports = reports;
  }

  void handle(RoutingContext ctx) {
    reports.send(ctx, ReportQuery.parse(ctx.queryParams(), DEFAULT_GROUP_BY, ApiAuth.tenant(ctx).id()));
  }
}
