package dev.switchboard.http;

import dev.switchboard.api.GatewayError;
import dev.switchboard.tenant.KeyAuthenticator;
import dev.switchboard.tenant.Tenant;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates {@code /v1} calls by tenant key ({@code Authorization: Bearer} or {@code x-api-key}):
 * configured keys in memory, API-created keys through the store (fail closed, see {@link KeyAuthenticator}).
 */
final class ApiAuth {
  private static final String TENANT = "switchboard.tenant";

  private final KeyAuthenticator keys;

  ApiAuth(KeyAuthenticator keys) {
    this.keys = keys;
  }

  void handle(RoutingContext ctx) {
    String key = presentedKey(ctx.request());
    if (key == null) {
      throw GatewayError.invalidApiKey("missing API key: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'");
    }
    Future<Tenant> lookup = keys.authenticate(key);
    HttpServerRequest request = ctx.request();
    boolean waits = !lookup.isComplete();
    if (waits) {
      request.pause(); // the body must wait for the body handler, which runs only after the store answered
    }
    lookup.onComplete(ar -> {
      if (ar.succeeded()) {
        RequestLog log = RequestLog.of(ctx);
        log.tenant = ar.result().id();
        log.keyId = ar.result().keyId();
        ctx.put(TENANT, ar.result());
        ctx.next();
      } else {
        ctx.fail(ar.cause());
      }
      if (waits && !request.isEnded()) {
        request.resume();
      }
    });
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
