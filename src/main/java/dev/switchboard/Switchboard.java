package dev.switchboard;

import dev.switchboard.api.TokenEstimate;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.http.AccessControl;
import dev.switchboard.http.GatewayServer;
import dev.switchboard.http.Snapshot;
import dev.switchboard.logging.LogSetup;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderRegistry;
import dev.switchboard.metrics.RoutingMeters;
import dev.switchboard.prompt.PromptCatalog;
import dev.switchboard.routing.ActiveHealthChecks;
import dev.switchboard.routing.ModelGroups;
import dev.switchboard.routing.ModelRouter;
import dev.switchboard.routing.health.HealthRegistry;
import dev.switchboard.store.Database;
import dev.switchboard.tenant.TenantDirectory;
import dev.switchboard.usage.UsageLedger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: wires configuration, providers, router, store and HTTP server; owns their lifecycle. */
public final class Switchboard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Switchboard.class);
  private static final long START_TIMEOUT_S = 30;
  private static final long SCHEMA_WAIT_S = 10;

  private final Vertx vertx;
  private final GatewayMetrics metrics;
  private final Database database;
  private final UsageLedger ledger;
  private final Map<String, Provider> providers;
  private final GatewayServer server;
  private final GatewayConfig config;
  private final int port;
  private final AccessControl access;
  private final ActiveHealthChecks checks;
  private final PromptCatalog prompts;

  private Switchboard(Vertx vertx, GatewayMetrics metrics, Database database, UsageLedger ledger,
                      Map<String, Provider> providers, GatewayServer server, GatewayConfig config, int port,
                      AccessControl access, ActiveHealthChecks checks, PromptCatalog prompts) {
    this.checks = checks;
    this.prompts = prompts;
    this.vertx = vertx;
    this.metrics = metrics;
    this.database = database;
    this.ledger = ledger;
    this.providers = providers;
    this.server = server;
    this.config = config;
    this.port = port;
    this.access = access;
  }

  /** Starts a gateway for a validated configuration and returns once it listens. */
  public static Switchboard start(GatewayConfig config, ProviderRegistry registry) throws Exception {
    LogSetup.apply(config.logging());
    TokenEstimate.warmUp();
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    GatewayMetrics metrics = new GatewayMetrics();
    Database database = Database.open(vertx, config.store());
    awaitSchema(database);
    UsageLedger ledger = UsageLedger.open(vertx, database, config.ledger(), metrics.registry());
    Map<String, Provider> providers = new LinkedHashMap<>();
    for (ProviderConfig p : config.providers().values()) {
      providers.put(p.name(), registry.factory(p.type()).create(p, vertx));
    }
    RoutingMeters routingMeters = new RoutingMeters(metrics.registry());
    ModelRouter router = new ModelRouter(vertx, config.routing(), ModelGroups.build(config, providers, registry.catalog()),
        new HealthRegistry(config.routing(), Clock.systemUTC()), routingMeters);
    routingMeters.bind(router);
    ActiveHealthChecks checks = ActiveHealthChecks.start(vertx, config, router);
    AtomicReference<Snapshot> snapshot = new AtomicReference<>(
        new Snapshot(config, router, new TenantDirectory(config.tenants())));
    PromptCatalog prompts = new PromptCatalog(vertx, database, config.prompts(), config.models()::containsKey);
    AccessControl access = AccessControl.create(vertx, config, database, metrics.registry(), snapshot::get,
        ledger::spentSince);
    GatewayServer server = new GatewayServer(vertx, snapshot::get, metrics, database, ledger, access, prompts);
    try {
      int port = server.listen(config.server().host(), config.server().port(), config.server().maxBodyBytes())
          .toCompletionStage().toCompletableFuture().get(START_TIMEOUT_S, TimeUnit.SECONDS);
      LOG.atInfo().addKeyValue("host", config.server().host()).addKeyValue("port", port)
          .addKeyValue("models", config.models().size()).addKeyValue("providers", config.providers().size())
          .log("Switchboard listening on http://{}:{}", config.server().host(), port);
      return new Switchboard(vertx, metrics, database, ledger, providers, server, config, port, access, checks,
          prompts);
    } catch (Exception e) {
      access.close();
      ledger.close();
      database.close();
      vertx.close();
      throw e;
    }
  }

  /** Waits briefly for the schema; an unreachable store does not stop the start (readiness says so, retries go on). */
  private static void awaitSchema(Database database) {
    try {
      database.migrate().toCompletionStage().toCompletableFuture().get(SCHEMA_WAIT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("the store is not ready yet; starting anyway and retrying in the background: {}", e.toString());
    }
  }

  public int port() {
    return port;
  }

  /**
   * Drains in-flight requests (bounded by {@code server.drain_timeout_ms}), flushes the usage ledger to the store
   * (what the store does not take stays in the journal for the next start), then releases everything.
   */
  @Override
  public void close() {
    long drain = config.server().drainTimeoutMs();
    try {
      server.shutdown(drain).toCompletionStage().toCompletableFuture().get(drain + 5_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("drain did not finish cleanly: {}", e.toString());
    }
    checks.close();
    prompts.close();
    ledger.close();
    Future.join(providers.values().stream().map(p -> p.transport().close()).toList());
    access.close();
    database.close();
    metrics.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("event loops did not stop cleanly: {}", e.toString());
    }
    LOG.info("Switchboard stopped");
  }
}
