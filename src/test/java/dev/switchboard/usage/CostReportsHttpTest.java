package dev.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.store.Database;
import dev.switchboard.store.StoreBackends;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reports larger than one chunk stream over HTTP intact; a store failure before the first byte is a 503. */
class CostReportsHttpTest {
  @TempDir
  Path dir;
  Vertx vertx;
  Database db;
  HttpServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (db != null) {
      db.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private int serve() throws Exception {
    CostReports reports = new CostReports(db);
    Router router = Router.router(vertx);
    router.get("/report").handler(ctx -> reports.send(ctx, ReportQuery.parse(ctx.queryParams(), "tenant", null)));
    router.route().failureHandler(ctx -> {
      int status = ctx.failure() instanceof GatewayError e ? e.status() : 500;
      ctx.response().setStatusCode(status).end(String.valueOf(ctx.failure().getMessage()));
    });
    server = vertx.createHttpServer().requestHandler(router);
    return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .actualPort();
  }

  private HttpResponse<String> get(int port, String query) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/report?" + query))
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void aReportOfManyChunksArrivesWholeAndAddsUp(String backend) throws Exception {
    db = StoreBackends.open(vertx, backend, dir);
    List<UsageEvent> events = LedgerEvents.make("big", 4_000, 11);
    db.call(c -> UsageStore.insert(c, events)).toCompletionStage().toCompletableFuture().get();
    int port = serve();

    HttpResponse<String> json = get(port, "from=2026-11-01&to=2026-12-01&group_by=tenant,model,key,day");
    assertEquals(200, json.statusCode(), json.body());
    assertTrue(json.body().length() > 64 * 1024, "several chunks: " + json.body().length());
    JsonNode report = Json.MAPPER.readTree(json.body());
    BigDecimal rows = BigDecimal.ZERO;
    for (JsonNode row : report.path("rows")) {
      rows = rows.add(new BigDecimal(row.path("cost_usd").asText()));
    }
    assertEquals(0, LedgerEvents.sum(events).compareTo(rows));
    assertEquals(0, rows.compareTo(new BigDecimal(report.path("total").path("cost_usd").asText())));
    assertEquals(4_000, report.path("total").path("requests").asLong());

    HttpResponse<String> csv = get(port, "from=2026-11-01&to=2026-12-01&group_by=tenant,model,key,day&format=csv");
    assertEquals(200, csv.statusCode());
    assertTrue(csv.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
    String[] lines = csv.body().split("\r\n");
    assertEquals(report.path("rows").size() + 1, lines.length);
    BigDecimal csvSum = BigDecimal.ZERO;
    for (int i = 1; i < lines.length; i++) {
      String[] cells = lines[i].split(",");
      csvSum = csvSum.add(new BigDecimal(cells[cells.length - 1]));
    }
    assertEquals(0, rows.compareTo(csvSum));
  }

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void aStoreFailureBeforeTheFirstByteIs503(String backend) throws Exception {
    db = StoreBackends.open(vertx, backend, dir);
    LedgerEvents.exec(db, "DROP TABLE usage_events");
    int port = serve();
    HttpResponse<String> reply = get(port, "group_by=tenant");
    assertEquals(503, reply.statusCode(), reply.body());
    assertTrue(reply.body().startsWith("the usage store did not answer"), reply.body());
  }
}
