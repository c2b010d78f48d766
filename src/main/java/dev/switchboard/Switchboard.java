package dev.switchboard;

import dev.switchboard.admin.ReloadOutcome;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.http.AccessControl;
import dev.switchboard.http.GatewayServer;
import dev.switchboard.http.Snapshot;
import dev.switchboard.logging.LogSetup;
import dev.switchboard.metrics.EventLoopLag;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.provider.ProviderRegistry;
import dev.switchboard.metrics.RoutingMeters;
import dev.switchboard.prompt.PromptCatalog;
import dev.switchboard.routing.health.HealthRegistry;
import dev.switchboard.store.Database;
import dev.switchboard.tenant.TenantDirectory;
import dev.switchboard.tracing.Tracing;
import dev.switchboard.usage.UsageLedger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
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
  private final GatewayServer server;
  private final GatewayConfig config;
  private final int port;
  private final AccessControl access;
  private final ConfigReload reload;
  private final PromptCatalog prompts;
  private final Tracing tracing;

  private Switchboard(Vertx vertx, GatewayMetrics metrics, Database database, UsageLedger ledger, GatewayServer server,
                      GatewayConfig config, int port, AccessControl access, ConfigReload reload,
                      PromptCatalog prompts, Tracing tracing) {
    this.tracing = tracing;
    this.vertx = vertx;
    this.metrics = metrics;
    this.database = database;
    this.ledger = ledger;
    this.server = server;
    this.config = config;
    this.port = port;
    this.access = access;
    this.reload = reload;
    this.prompts = prompts;
  }

  /** Starts a gateway for a validated configuration that cannot be reloaded (no file behind it). */
  public static Switchboard start(GatewayConfig config, ProviderRegistry registry) throws Exception {
    return start(config, registry, null, null);
  }

  /**
   * Starts a gateway and returns once it listens.
   *
   * @param file   the configuration file, watched for changes and read again on reload (null: no reload)
   * @param reload reads and validates {@code file} again (with the same environment and overrides)
   */
  public static Switchboard start(GatewayConfig config, ProviderRegistry registry, Path file,
                                  Callable<GatewayConfig> reload) throws Exception {
    LogSetup.apply(config.logging());
    TokenEstimate.warmUpInBackground(); // joined below, before the port opens
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true)
        .setEventLoopPoolSize(config.server().eventLoops()));
    GatewayMetrics metrics = new GatewayMetrics();
    EventLoopLag.start(vertx, metrics.registry());
    Database database = Database.open(vertx, config.store());
    Future<Void> schema = database.migrate(); // runs on the store's worker while the rest starts
    UsageLedger ledger = UsageLedger.open(vertx, database, config.ledger(), metrics.registry());
    RoutingMeters routingMeters = new RoutingMeters(metrics.registry());
    HealthRegistry health = new HealthRegistry(config.routing(), Clock.systemUTC());
    Upstreams upstreams = ConfigReload.first(vertx, config, registry, routingMeters, health);
    AtomicReference<Snapshot> snapshot = new AtomicReference<>(
        new Snapshot(config, upstreams.router(), new TenantDirectory(config.tenants())));
    routingMeters.bind(upstreams.router(), () -> snapshot.get().router());
    ConfigReload reloads = new ConfigReload(vertx, source(file, reload), registry, routingMeters, snapshot, upstreams,
        health);
    awaitSchema(schema); // what follows reads the store as it starts
    PromptCatalog prompts = new PromptCatalog(vertx, database, config.prompts(),
        model -> snapshot.get().config().models().containsKey(model));
    AccessControl access = AccessControl.create(vertx, config, database, metrics.registry(), snapshot::get,
        ledger::spentSince);
    Tracing tracing = Tracing.create(config.tracing());
    GatewayServer server = new GatewayServer(vertx, snapshot::get, metrics, database, ledger, access, prompts,
        reloads::reload, tracing);
    try {
      TokenEstimate.warmUp();
      int port = server.listen(config.server())
          .toCompletionStage().toCompletableFuture().get(START_TIMEOUT_S, TimeUnit.SECONDS);
      reloads.watch(config.server().reloadWatchMs());
      LOG.atInfo().addKeyValue("host", config.server().host()).addKeyValue("port", port)
          .addKeyValue("models", config.models().size()).addKeyValue("providers", config.providers().size())
          .addKeyValue("transport", vertx.isNativeTransportEnabled() ? "epoll" : "nio")
          .addKeyValue("event_loops", config.server().eventLoops())
          .log("Switchboard listening on http://{}:{}", config.server().host(), port);
      return new Switchboard(vertx, metrics, database, ledger, server, config, port, access, reloads, prompts,
          tracing);
    } catch (Exception e) {
      tracing.close();
      reloads.close();
      upstreams.close();
      access.close();
      ledger.close();
      database.close();
      vertx.close();
      throw e;
    }
  }

  private static ConfigReload.Source source(Path file, Callable<GatewayConfig> reload) {
    return new ConfigReload.Source() {
      @Override
      public GatewayConfig load() throws ConfigException {
        if (reload == null) {
          throw ConfigException.single("(reload)", "this gateway was not started from a configuration file");
        }
        try {
          return reload.call();
        } catch (ConfigException e) {
          throw e;
        } catch (Exception e) {
          throw ConfigException.single("(file)", "cannot read the configuration: " + e.getMessage());
        }
      }

      @Override
      public Path file() {
        return reload == null ? null : file;
      }
    };
  }

  /** Reads the configuration file again and swaps it in (SIGHUP, {@code POST /admin/reload}). */
  public Future<ReloadOutcome> reload() {
    return reload.reload();
  }

  /** Waits briefly for the schema; an unreachable store does not stop the start (readiness says so, retries go on). */
  private static void awaitSchema(Future<Void> schema) {
    try {
      schema.toCompletionStage().toCompletableFuture().get(SCHEMA_WAIT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("the store is not ready yet; starting anyway and retrying in the background: {}", e.toString());
    }
  }

  public int port() {
    return port;
  }

  /** The admin API's own port ({@code admin.port}), or -1 when it shares {@link #port()}. */
  public int adminPort() {
    return server.adminPort();
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
    reload.close();
    prompts.close();
    ledger.close();
    tracing.close();
    reload.upstreams().close();
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
