package dev.switchboard.http;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.routing.ModelRouter;
import dev.switchboard.tenant.TenantDirectory;

/** What the request path reads from one configuration: a request keeps the snapshot it started with. */
public record Snapshot(GatewayConfig config, ModelRouter router, TenantDirectory tenants) {}
