package dev.switchboard;

import dev.switchboard.admin.ReloadOutcome;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.http.Snapshot;
import dev.switchboard.metrics.RoutingMeters;
import dev.switchboard.provider.ProviderRegistry;
import dev.switchboard.routing.health.HealthRegistry;
import dev.switchboard.tenant.TenantDirectory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the configuration while serving (SIGHUP, a change of the file, {@code POST /admin/reload}): the file is
 * read and validated, and new providers built, off the event loop; with any problem the running configuration stays and the problems are
 * reported with their key paths. Otherwise providers, router, active checks and tenants are rebuilt and the
 * {@link Snapshot} swapped atomically: requests in flight finish on the snapshot they started with; providers whose
 * configuration changed are closed once the drain bound has passed. Deployment health carries over unless the
 * health settings changed. {@code server}, {@code store}, {@code redis} and {@code ledger} apply at the next start.
 */
final class ConfigReload implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigReload.class);

  /** Reads and validates the configuration file. */
  interface Source {
    GatewayConfig load() throws ConfigException;

    /** The file, to watch for changes; null when there is none. */
    Path file();
  }

  private final Vertx vertx;
  private final Source source;
  private final ProviderRegistry registry;
  private final RoutingMeters meters;
  private final AtomicReference<Snapshot> snapshot;
  private volatile Upstreams upstreams;
  private volatile HealthRegistry health;
  private Future<ReloadOutcome> running = Future.succeededFuture();
  private long watchTimer = -1;
  private long lastModified;

  ConfigReload(Vertx vertx, Source source, ProviderRegistry registry, RoutingMeters meters,
               AtomicReference<Snapshot> snapshot, Upstreams upstreams, HealthRegistry health) {
    this.vertx = vertx;
    this.source = source;
    this.registry = registry;
    this.meters = meters;
    this.snapshot = snapshot;
    this.upstreams = upstreams;
    this.health = health;
  }

  /** The first snapshot's pieces, built at start. */
  static Upstreams first(Vertx vertx, GatewayConfig config, ProviderRegistry registry, RoutingMeters meters,
                         HealthRegistry health) {
    return Upstreams.build(vertx, config, registry, meters, health, java.util.Map.of());
  }

  Upstreams upstreams() {
    return upstreams;
  }

  /** Checks the file every {@code intervalMs} and reloads when its modification time changes. */
  void watch(long intervalMs) {
    Path file = source.file();
    if (file == null || intervalMs <= 0) {
      return;
    }
    lastModified = modified(file);
    watchTimer = vertx.setPeriodic(intervalMs, id -> vertx.executeBlocking(() -> modified(file), false)
        .onSuccess(now -> {
          if (now != lastModified) {
            lastModified = now;
            reload();
          }
        }));
  }

  /** Runs one reload (or joins the one already running). */
  synchronized Future<ReloadOutcome> reload() {
    if (!running.isComplete()) {
      return running;
    }
    running = vertx.<ReloadOutcome>executeBlocking(() -> apply(load()), false)
        .onSuccess(o -> LOG.atInfo().addKeyValue("status", o.status()).addKeyValue("restart_needed", o.restartNeeded())
            .addKeyValue("problems", o.problems()).log("configuration reload: {}", o.status()))
        .onFailure(e -> LOG.error("configuration reload failed: {}", e.toString()));
    return running;
  }

  /** The new configuration, or the problems that keep the old one. Blocking: file I/O and parsing. */
  private Object load() {
    try {
      return source.load();
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  /** Builds and swaps in the new configuration's upstreams. On a worker: provider factories may block briefly. */
  @SuppressWarnings("unchecked")
  private ReloadOutcome apply(Object loaded) {
    if (!(loaded instanceof GatewayConfig next)) {
      List<String> problems = ((List<ConfigProblem>) loaded).stream().map(ConfigProblem::toString).toList();
      return new ReloadOutcome("rejected", List.of(), problems);
    }
    GatewayConfig current = snapshot.get().config();
    List<String> restart = new ArrayList<>();
    check(restart, "server", current.server(), next.server());
    check(restart, "store", current.store(), next.store());
    check(restart, "redis", current.redis(), next.redis());
    check(restart, "ledger", current.ledger(), next.ledger());
    if (next.equals(current)) {
      return new ReloadOutcome("unchanged", List.of(), List.of());
    }
    if (!Objects.equals(current.routing().active(), next.routing().active())
        || !Objects.equals(current.routing().passive(), next.routing().passive())) {
      health = new HealthRegistry(next.routing(), Clock.systemUTC());
    }
    Upstreams old = upstreams;
    Upstreams fresh = Upstreams.build(vertx, next, registry, meters, health, old.providers());
    upstreams = fresh;
    snapshot.set(new Snapshot(next, fresh.router(), new TenantDirectory(next.tenants())));
    meters.bind(fresh.router(), () -> snapshot.get().router());
    old.checks().close();
    vertx.setTimer(Math.max(1, current.server().drainTimeoutMs()), id -> old.closeUnused(fresh));
    return new ReloadOutcome("reloaded", restart, List.of());
  }

  private static void check(List<String> restart, String section, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      restart.add(section);
    }
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    if (watchTimer >= 0) {
      vertx.cancelTimer(watchTimer);
    }
  }
}
