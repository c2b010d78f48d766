package dev.switchboard.http;

import dev.switchboard.api.GatewayError;
import dev.switchboard.tenant.Tenant;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/** Authenticates {@code /v1} calls by tenant key ({@code Authorization: Bearer} or {@code x-api-key}). */
final class ApiAuth {
  private static final String TENANT = "switchboard.tenant";

  private final Supplier<Snapshot> snapshot;

  ApiAuth(Supplier<Snapshot> snapshot) {
    this.snapshot = snapshot;
  }

  void handle(RoutingContext ctx) {
    String key = presentedKey(ctx.request());
    if (key == null) {
      throw GatewayError.invalidApiKey("missing API key: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'");
    }
    Tenant tenant = snapshot.get().tenants().authenticate(key)
        .orElseThrow(() -> GatewayError.invalidApiKey("invalid API key"));
    RequestLog log = RequestLog.of(ctx);
    log.tenant = tenant.id();
    log.keyId = tenant.keyId();
    ctx.put(TENANT, tenant);
    ctx.next();
  }

  static Tenant tenant(RoutingContext ctx) {
    return ctx.get(TENANT);
  }

  private static String presentedKey(HttpServerRequest request) {
    String authorization = request.getHeader("authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String key = authorization.substring(7).trim();
      return key.isEmpty() ? null : key;
    }
    String apiKey = request.getHeader("x-api-key");
    return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
  }
}
