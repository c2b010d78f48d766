package dev.switchboard.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.tenant.ApiKeys;
import dev.switchboard.tenant.KeyAuthenticator;
import dev.switchboard.tenant.KeyPepper;
import dev.switchboard.tenant.KeyRecord;
import dev.switchboard.tenant.TenantDirectory;
import dev.switchboard.tenant.TenantSpec;
import dev.switchboard.tenant.TenantStore;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant half of the admin API: tenants ({@code POST/GET /admin/tenants}, {@code GET/PATCH
 * /admin/tenants/{id}}) and their keys ({@code POST/GET /admin/tenants/{id}/keys}, {@code DELETE
 * /admin/tenants/{id}/keys/{keyId}}). Tenants of the configuration file are listed but read-only (409
 * {@code tenant_read_only}); they may get more keys here. A new key is shown once, in the 201 answer; every
 * other answer shows keys by id and prefix only.
 */
public final class TenantAdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(TenantAdminApi.class);

  private final Supplier<TenantDirectory> configured;
  private final Supplier<Set<String>> modelNames;
  private final TenantStore store;
  private final KeyPepper pepper;
  private final KeyAuthenticator authenticator;

  public TenantAdminApi(Supplier<TenantDirectory> configured, Supplier<Set<String>> modelNames, TenantStore store,
                        KeyPepper pepper, KeyAuthenticator authenticator) {
    this.configured = configured;
    this.modelNames = modelNames;
    this.store = store;
    this.pepper = pepper;
    this.authenticator = authenticator;
  }

  /** {@code POST /admin/tenants}. */
  public void create(RoutingContext ctx) {
    TenantSpec spec = TenantBody.create(body(ctx), modelNames.get(), Instant.now());
    if (configured.get().spec(spec.id()).isPresent()) {
      throw conflict("tenant_exists", "the tenant '" + spec.id() + "' is defined in the configuration file");
    }
    reply(ctx, store.create(spec).map(created -> {
      if (!created) {
        throw conflict("tenant_exists", "the tenant '" + spec.id() + "' already exists");
      }
      LOG.atInfo().addKeyValue("tenant", spec.id()).log("tenant created");
      ctx.response().putHeader("location", "/admin/tenants/" + spec.id());
      return tenant(spec);
    }), 201);
  }

  /** {@code GET /admin/tenants}: configured tenants, then stored ones, each by id. */
  public void list(RoutingContext ctx) {
    TenantDirectory directory = configured.get();
    reply(ctx, store.list().map(stored -> {
      ObjectNode root = Json.MAPPER.createObjectNode().put("object", "list");
      ArrayNode data = root.putArray("data");
      directory.specs().values().stream().sorted(Comparator.comparing(TenantSpec::id))
          .forEach(s -> data.add(tenant(s)));
      stored.stream().filter(s -> directory.spec(s.id()).isEmpty()).forEach(s -> data.add(tenant(s)));
      return root;
    }), 200);
  }

  /** {@code GET /admin/tenants/{id}}. */
  public void get(RoutingContext ctx) {
    reply(ctx, find(ctx.pathParam("id")).map(TenantAdminApi::tenant), 200);
  }

  /** {@code PATCH /admin/tenants/{id}}: replaces the given fields of a stored tenant. */
  public void patch(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (configured.get().spec(id).isPresent()) {
      throw conflict("tenant_read_only", "the tenant '" + id + "' is defined in the configuration file; "
          + "change it there (tenants." + id + ")");
    }
    byte[] body = body(ctx);
    reply(ctx, find(id).compose(current -> {
      TenantSpec updated = TenantBody.patch(body, current, modelNames.get());
      return store.update(updated).map(done -> {
        if (!done) {
          throw notFound(id);
        }
        authenticator.invalidateAll();
        LOG.atInfo().addKeyValue("tenant", id).log("tenant updated");
        return tenant(updated);
      });
    }), 200);
  }

  /** {@code POST /admin/tenants/{id}/keys}: a new random key, shown in this answer only. */
  public void createKey(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    reply(ctx, find(id).compose(spec -> pepper.hasher()).compose(hasher -> {
      String key = ApiKeys.newKey();
      String prefix = ApiKeys.prefix(key);
      return store.addKey(id, ApiKeys.newKeyId(), hasher.digest(key), prefix, Instant.now()).map(record -> {
        LOG.atInfo().addKeyValue("tenant", id).addKeyValue("key_id", record.id()).addKeyValue("prefix", prefix)
            .log("tenant key created");
        ctx.response().putHeader("cache-control", "no-store");
        return key(record).put("key", key);
      });
    }), 201);
  }

  /** {@code GET /admin/tenants/{id}/keys}: id, prefix, created and revoked of each key; never a secret. */
  public void listKeys(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    TenantDirectory directory = configured.get();
    reply(ctx, find(id).compose(spec -> store.keys(id)).map(stored -> {
      List<KeyRecord> all = new ArrayList<>();
      directory.configuredKeyIds(id).forEach(k -> all.add(new KeyRecord(k, id, null, null, null,
          TenantSpec.Source.CONFIG)));
      all.addAll(stored);
      ObjectNode root = Json.MAPPER.createObjectNode().put("object", "list");
      ArrayNode data = root.putArray("data");
      all.forEach(k -> data.add(key(k)));
      return root;
    }), 200);
  }

  /** {@code DELETE /admin/tenants/{id}/keys/{keyId}}: revokes the key on every replica within 1 s. */
  public void revokeKey(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String keyId = ctx.pathParam("keyId");
    if (configured.get().configuredKeyIds(id).contains(keyId)) {
      throw conflict("key_read_only", "the key '" + keyId + "' is defined in the configuration file; remove it there");
    }
    Instant now = Instant.now();
    reply(ctx, find(id).compose(spec -> store.revoke(id, keyId, now)).compose(done -> {
      if (!done) {
        return Future.failedFuture(new GatewayError(404, "invalid_request_error", "key_not_found", "keyId",
            "the tenant '" + id + "' has no key '" + keyId + "'", Map.of(), Map.of()));
      }
      authenticator.invalidateAll();
      LOG.atInfo().addKeyValue("tenant", id).addKeyValue("key_id", keyId).log("tenant key revoked");
      return store.keys(id);
    }).map(keys -> key(keys.stream().filter(k -> k.id().equals(keyId)).findFirst().orElseThrow())), 200);
  }

  private Future<TenantSpec> find(String id) {
    Optional<TenantSpec> fromConfig = configured.get().spec(id);
    if (fromConfig.isPresent()) {
      return Future.succeededFuture(fromConfig.get());
    }
    return store.get(id).map(found -> found.orElseThrow(() -> notFound(id)));
  }

  private static ObjectNode tenant(TenantSpec spec) {
    ObjectNode out = Json.MAPPER.createObjectNode().put("object", "tenant").put("id", spec.id())
        .put("source", spec.source().name().toLowerCase(Locale.ROOT));
    spec.models().forEach(out.putArray("models")::add);
    ObjectNode budget = out.putObject("budget");
    budget.put("daily_usd", spec.limits().dailyBudgetUsd());
    budget.put("monthly_usd", spec.limits().monthlyBudgetUsd());
    out.putObject("limits").put("rpm", spec.limits().rpm()).put("tpm", spec.limits().tpm());
    out.put("created", spec.created() == null ? null : spec.created().toString());
    return out;
  }

  private static ObjectNode key(KeyRecord k) {
    ObjectNode out = Json.MAPPER.createObjectNode().put("object", "tenant.key").put("id", k.id())
        .put("tenant", k.tenantId()).put("prefix", k.prefix())
        .put("source", k.source().name().toLowerCase(Locale.ROOT))
        .put("created", k.created() == null ? null : k.created().toString())
        .put("revoked", k.revoked() == null ? null : k.revoked().toString());
    return out;
  }

  private static byte[] body(RoutingContext ctx) {
    return ctx.body() == null || ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
  }

  private static void reply(RoutingContext ctx, Future<ObjectNode> answer, int status) {
    answer.onSuccess(json -> {
      if (!ctx.response().ended() && !ctx.response().closed()) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(json.toString());
      }
    }).onFailure(e -> ctx.fail(e instanceof GatewayError ? e : storeUnavailable(e)));
  }

  private static GatewayError storeUnavailable(Throwable cause) {
    LOG.warn("admin request failed: the store is unreachable ({})", cause.getMessage());
    return new GatewayError(503, "api_error", "store_unavailable", null,
        "the store is unreachable; tenants and keys cannot be read or changed right now", Map.of("retry-after", "5"),
        Map.of());
  }

  private static GatewayError conflict(String code, String message) {
    return new GatewayError(409, "invalid_request_error", code, "id", message, Map.of(), Map.of());
  }

  private static GatewayError notFound(String id) {
    return new GatewayError(404, "invalid_request_error", "tenant_not_found", "id",
        "no tenant '" + id + "'", Map.of(), Map.of());
  }
}
