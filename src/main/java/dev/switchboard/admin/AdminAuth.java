package dev.switchboard.admin;

import dev.switchboard.api.GatewayError;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;

/**
 * Guards {@code /admin/*} with the admin key ({@code Authorization: Bearer <admin.key>}). An empty
 * {@code admin.key} turns the admin API off: every call answers 401. Tenant keys are not admin keys (401).
 * The comparison runs over SHA-256 digests in constant time, so timing reveals nothing of the key.
 */
public final class AdminAuth {
  private final Supplier<String> adminKey;

  public AdminAuth(Supplier<String> adminKey) {
    this.adminKey = adminKey;
  }

  public void handle(RoutingContext ctx) {
    String configured = adminKey.get();
    if (configured == null || configured.isEmpty()) {
      throw GatewayError.invalidApiKey("the admin API is disabled: set admin.key (env SWITCHBOARD_ADMIN_KEY)");
    }
    String authorization = ctx.request().getHeader("authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw GatewayError.invalidApiKey("missing admin key: send 'Authorization: Bearer <admin key>'");
    }
    if (!MessageDigest.isEqual(digest(authorization.substring(7).trim()), digest(configured))) {
      throw GatewayError.invalidApiKey("invalid admin key");
    }
    ctx.next();
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
