package dev.switchboard.http;

import dev.switchboard.admin.AdminAuth;
import dev.switchboard.admin.DoctorHandler;
import dev.switchboard.admin.PromptsAdminHandler;
import dev.switchboard.admin.ReloadHandler;
import dev.switchboard.admin.ReloadOutcome;
import dev.switchboard.admin.UpstreamsHandler;
import dev.switchboard.prompt.PromptCatalog;
import dev.switchboard.admin.TenantAdminApi;
import dev.switchboard.admin.ReportsHandler;
import dev.switchboard.budget.BudgetMeters;
import dev.switchboard.cache.LocalResponseCache;
import dev.switchboard.cache.RedisResponseCache;
import dev.switchboard.cache.ResponseCache;
import dev.switchboard.config.CacheConfig;
import dev.switchboard.console.ConsoleRoutes;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.store.Database;
import dev.switchboard.usage.CostReports;
import dev.switchboard.usage.RequestLogPages;
import dev.switchboard.usage.UsageLedger;
import dev.switchboard.tracing.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import dev.switchboard.config.ServerConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.RedisAPI;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The HTTP front end: routes, body limits, auth, error rendering and the access log. */
public final class GatewayServer {
  private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final Vertx vertx;
  private final Supplier<Snapshot> snapshot;
  private final GatewayMetrics metrics;
  private final Database database;
  private final AccessControl access;
  private final PromptCatalog prompts;
  private final Supplier<Future<ReloadOutcome>> reload;
  private final Tracing tracing;
  private final UsageLedger ledger;
  private final CostReports costReports;
  private final AtomicBoolean draining = new AtomicBoolean();
  /** The API servers, one per event loop, sharing one listening port. */
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private HttpServer adminServer;
  private int adminPort = -1;

  public GatewayServer(Vertx vertx, Supplier<Snapshot> snapshot, GatewayMetrics metrics, Database database,
                       UsageLedger ledger, AccessControl access, PromptCatalog prompts,
                       Supplier<Future<ReloadOutcome>> reload, Tracing tracing) {
    this.reload = reload;
    this.tracing = tracing;
    this.vertx = vertx;
    this.prompts = prompts;
    this.snapshot = snapshot;
    this.metrics = metrics;
    this.database = database;
    this.access = access;
    this.ledger = ledger;
    this.costReports = new CostReports(database);
  }

  /**
   * Starts listening; the future yields the bound port (useful with port 0). With {@code admin.port} set, the admin
   * API and the console listen on a port of their own ({@link #adminPort()}) and the main port does not serve them.
   * The API port is served by {@code event_loops} servers, each on an event loop of its own, which share the port:
   * every connection, and the upstream connections its requests open, stays on one loop.
   */
  public Future<Integer> listen(ServerConfig config) {
    String host = config.host();
    long maxBodyBytes = config.maxBodyBytes();
    boolean split = snapshot.get().config().admin().ownPort();
    Router main = base(maxBodyBytes);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    mountApi(main, body);
    Future<Integer> adminListening = Future.succeededFuture(-1);
    if (split) {
      Router admin = base(maxBodyBytes);
      mountAdmin(admin, body);
      finish(admin, maxBodyBytes);
      adminServer = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true)).requestHandler(admin);
      adminListening = adminServer.listen(snapshot.get().config().admin().port(), host).map(HttpServer::actualPort);
    } else {
      mountAdmin(main, body);
    }
    finish(main, maxBodyBytes);
    HttpServerOptions options = new HttpServerOptions().setTcpNoDelay(true).setCompressionSupported(false);
    // Vert.x shares one listening socket among servers of one address; port 0 is never shared, but a negative port
    // is: one random port for every server that asks for it
    int shared = config.port() == 0 ? -1 : config.port();
    return adminListening.compose(adminBound -> {
      adminPort = adminBound;
      return listenOnOwnLoops(main, options, host, shared, config.eventLoops());
    });
  }

  /** Deploys {@code instances} API servers, each on an event loop of its own; yields the port they share. */
  private Future<Integer> listenOnOwnLoops(Router router, HttpServerOptions options, String host, int port,
                                           int instances) {
    AtomicInteger bound = new AtomicInteger();
    return vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        HttpServer server = vertx.createHttpServer(options).requestHandler(router);
        servers.add(server);
        return server.listen(port, host).onSuccess(s -> bound.set(s.actualPort()));
      }
    }, new DeploymentOptions().setInstances(instances)).map(id -> bound.get());
  }

  /** The admin API's own port, or -1 when it shares the main port. */
  public int adminPort() {
    return adminPort;
  }

  /** Readiness turns 503, new connections are refused, in-flight requests and streams get up to {@code drainMs}. */
  public Future<Void> shutdown(long drainMs) {
    draining.set(true);
    Future<Void> admin = adminServer == null ? Future.succeededFuture()
        : adminServer.shutdown(drainMs, TimeUnit.MILLISECONDS);
    List<Future<Void>> stopping = new ArrayList<>();
    stopping.add(admin);
    servers.forEach(server -> stopping.add(server.shutdown(drainMs, TimeUnit.MILLISECONDS)));
    return Future.join(stopping).mapEmpty();
  }

  /** What every port serves: request ids, the access log, health, readiness and metrics. */
  private Router base(long maxBodyBytes) {
    Router router = Router.router(vertx);
    AccessLog accessLog = new AccessLog(metrics);
    OpsHandlers ops = new OpsHandlers(snapshot, metrics, database, draining);
    router.route().handler(ctx -> {
      String id = requestId(ctx);
      boolean fromClient = id.equals(ctx.request().getHeader(Headers.REQUEST_ID));
      RequestLog log = RequestLog.start(ctx, id, fromClient ? RequestIds.next() : id);
      Tracer tracer = tracing.tracer();
      if (tracer != null) {
        log.tracer = tracer;
        log.span = tracer.spanBuilder(ctx.request().method().name() + " " + ctx.request().path())
            .setParent(Tracing.extract(ctx.request()::getHeader)).setSpanKind(SpanKind.SERVER)
            .setAttribute("switchboard.request_id", log.requestId).startSpan();
        log.traceId = log.span.getSpanContext().getTraceId();
      }
      ctx.response().putHeader(Headers.REQUEST_ID, log.requestId);
      accessLog.install(ctx, log);
      ctx.next();
    });
    router.get("/healthz").handler(ops::healthz);
    router.get("/readyz").handler(ops::readyz);
    router.get("/metrics").handler(ops::metrics);
    return router;
  }

  private void finish(Router router, long maxBodyBytes) {
    ErrorRenderer errors = new ErrorRenderer(maxBodyBytes);
    router.route().failureHandler(errors::handle);
    router.errorHandler(404, errors::handle);
    router.errorHandler(405, errors::handle);
  }

  /** The admin API (behind the admin key) and the console. */
  private void mountAdmin(Router router, BodyHandler body) {
    TenantAdminApi tenants = access.admin();
    ReportsHandler reports = new ReportsHandler(costReports, new RequestLogPages(database));
    ConsoleRoutes.mount(router);
    router.route("/admin/*").handler(new AdminAuth(() -> snapshot.get().config().admin().key())::handle);
    router.post("/admin/reload").handler(new ReloadHandler(reload)::handle);
    router.get("/admin/upstreams").handler(new UpstreamsHandler(() -> snapshot.get().router())::handle);
    router.post("/admin/doctor").handler(new DoctorHandler(vertx, () -> snapshot.get().router(),
        () -> snapshot.get().config().providers().values())::handle);
    PromptsAdminHandler promptAdmin = new PromptsAdminHandler(prompts);
    router.get("/admin/prompts").handler(promptAdmin::list);
    router.put("/admin/prompts/:name").handler(body).handler(promptAdmin::publish);
    router.get("/admin/prompts/:name/versions").handler(promptAdmin::versions);
    router.post("/admin/prompts/:name/rollback").handler(body).handler(promptAdmin::rollback);
    router.post("/admin/tenants").handler(body).handler(tenants::create);
    router.get("/admin/tenants").handler(tenants::list);
    router.get("/admin/tenants/:id").handler(tenants::get);
    router.patch("/admin/tenants/:id").handler(body).handler(tenants::patch);
    router.post("/admin/tenants/:id/keys").handler(tenants::createKey);
    router.get("/admin/tenants/:id/keys").handler(tenants::listKeys);
    router.delete("/admin/tenants/:id/keys/:keyId").handler(tenants::revokeKey);
    router.get("/admin/reports/cost").handler(reports::cost);
    router.get("/admin/requests").handler(reports::requests);
  }

  /** The tenant API ({@code /v1}). */
  private void mountApi(Router router, BodyHandler body) {
    ApiAuth auth = new ApiAuth(access.keys());
    OpsHandlers ops = new OpsHandlers(snapshot, metrics, database, draining);
    Admission admission = new Admission(access.limits(), access.budgets(),
        new BudgetMeters(metrics.registry(), access.budgets()));
    Billing billing = new Billing(ledger, metrics);
    ChatCompletionsHandler chat = new ChatCompletionsHandler(snapshot, admission, billing, responseCache());
    EmbeddingsHandler embeddings = new EmbeddingsHandler(snapshot, admission, billing);
    router.route("/v1/*").handler(auth::handle);
    router.get("/v1/usage").handler(new UsageHandler(costReports)::handle);
    router.get("/v1/models").handler(ops::models);
    router.post("/v1/chat/completions").handler(body).handler(chat::handle);
    router.post("/v1/embeddings").handler(body).handler(embeddings::handle);
    PromptsHandler promptApi = new PromptsHandler(snapshot, prompts, metrics, admission, billing);
    router.get("/v1/prompts").handler(promptApi::list);
    router.get("/v1/prompts/openapi.json").handler(promptApi::openApi);
    router.post("/v1/prompts/:name").handler(body).handler(promptApi::call);
  }

  /** The response cache: shared through Redis when configured so, else in this process; null when off. */
  private ResponseCache responseCache() {
    CacheConfig cache = snapshot.get().config().cache();
    if (access.redis() != null && cache.shared()) {
      return new RedisResponseCache(RedisAPI.api(access.redis()), AccessControl.REDIS_PREFIX);
    }
    return cache.maxBytes() == 0 ? null : new LocalResponseCache(cache.maxBytes());
  }

  private static String requestId(RoutingContext ctx) {
    String given = ctx.request().getHeader(Headers.REQUEST_ID);
    return given != null && CLIENT_REQUEST_ID.matcher(given).matches() ? given : RequestIds.next();
  }
}
