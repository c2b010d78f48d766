package dev.switchboard.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.api.GatewayError;
import dev.switchboard.config.PromptsConfig;
import dev.switchboard.store.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every prompt the gateway serves, from two sources: files in the prompts folder (hot reloaded) and versions
 * published through the admin API (kept in the store, shared by replicas, refreshed every reload interval).
 * Precedence: once a name has been published through the API, the API owns it — its active version is served
 * and a file of the same name is ignored (listed as shadowed), so an admin's publish or rollback is never undone
 * by a file. A name only in a file is served from the file, at the version the file states.
 */
public final class PromptCatalog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PromptCatalog.class);
  private static final Predicate<String> ANY_MODEL = m -> true;

  private final Vertx vertx;
  private final PromptStore store;
  private final PromptFiles files;
  private final Predicate<String> knownModel;
  private final Cache<String, Prompt> pinned = Caffeine.newBuilder().maximumSize(1_000).build();
  private volatile Map<String, Prompt> fromFiles = Map.of();
  private volatile Map<String, Prompt> fromApi = Map.of();
  private long timer = -1;

  public PromptCatalog(Vertx vertx, Database database, PromptsConfig config, Predicate<String> knownModel) {
    this.vertx = vertx;
    this.store = new PromptStore(database);
    this.files = new PromptFiles(Path.of(config.dir()), knownModel);
    this.knownModel = knownModel;
    Map<String, Prompt> first = files.scan();
    fromFiles = first == null ? Map.of() : Map.copyOf(first);
    refreshApi();
    timer = vertx.setPeriodic(config.reloadIntervalMs(), id -> reload());
  }

  /** Re-reads changed files (off the event loop) and the store's active versions. */
  public Future<Void> reload() {
    Future<Void> fileScan = vertx.<Map<String, Prompt>>executeBlocking(files::scan, false).map(changed -> {
      if (changed != null) {
        fromFiles = Map.copyOf(changed);
      }
      return null;
    });
    return Future.join(fileScan, refreshApi()).mapEmpty();
  }

  private Future<Void> refreshApi() {
    return store.active().map(active -> {
      Map<String, Prompt> next = new LinkedHashMap<>();
      for (PromptStore.Stored s : active) {
        Prompt p = fromStored(s);
        if (p != null) {
          next.put(p.name(), p);
        }
      }
      fromApi = Map.copyOf(next);
      return (Void) null;
    }).onFailure(e -> LOG.warn("cannot refresh published prompts from the store: {}", e.getMessage()));
  }

  private static Prompt fromStored(PromptStore.Stored s) {
    try {
      Prompt p = PromptParser.parse(s.definition(), s.name(), ANY_MODEL, "api");
      return new Prompt(p.definition().published(s.version(), "api", s.createdAt()), p.templates(), p.input(),
          p.output());
    } catch (PromptException e) {
      LOG.warn("stored prompt {} version {} cannot be read: {}", s.name(), s.version(), e.getMessage());
      return null;
    }
  }

  /** The prompts served now (the active version of each name), sorted by name. */
  public List<Prompt> all() {
    Map<String, Prompt> out = new LinkedHashMap<>(fromFiles);
    out.putAll(fromApi);
    List<Prompt> list = new ArrayList<>(out.values());
    list.sort(Comparator.comparing(Prompt::name));
    return list;
  }

  /** File prompts hidden by an API publish of the same name. */
  public List<Prompt> shadowedFiles() {
    return fromFiles.values().stream().filter(p -> fromApi.containsKey(p.name())).toList();
  }

  /**
   * The prompt to run: the active version, or {@code version} when pinned.
   *
   * @throws GatewayError 404 {@code prompt_not_found} for an unknown name or version
   */
  public Future<Prompt> resolve(String name, Integer version) {
    Prompt api = fromApi.get(name);
    if (api != null) {
      if (version == null || version == api.version()) {
        return Future.succeededFuture(api);
      }
      Prompt cached = pinned.getIfPresent(name + ":" + version);
      if (cached != null) {
        return Future.succeededFuture(cached);
      }
      return store.version(name, version).compose(found -> {
        Prompt p = found.map(PromptCatalog::fromStored).orElse(null);
        if (p == null) {
          return Future.failedFuture(notFound(name, version));
        }
        pinned.put(name + ":" + version, p);
        return Future.succeededFuture(p);
      });
    }
    Prompt file = fromFiles.get(name);
    if (file != null && (version == null || version == file.version())) {
      return Future.succeededFuture(file);
    }
    return Future.failedFuture(notFound(name, file == null ? null : version));
  }

  /**
   * Publishes {@code definition} as the next version of {@code name} and serves it at once.
   *
   * @throws PromptException when the definition is invalid (before anything is stored)
   */
  public Future<Prompt> publish(String name, JsonNode definition) {
    Prompt checked = PromptParser.parse(definition, name, knownModel, "api");
    return store.publish(name, definition).compose(version -> refreshApi().map(v -> Optional.ofNullable(
        fromApi.get(name)).filter(p -> p.version() == version).orElse(new Prompt(
        checked.definition().published(version, "api", java.time.Instant.now()), checked.templates(),
        checked.input(), checked.output()))));
  }

  /** Every version of {@code name}: the store's for an API-published prompt, else the file's one version. */
  public Future<List<Version>> versions(String name) {
    return store.versions(name).compose(stored -> {
      if (!stored.isEmpty()) {
        return Future.succeededFuture(stored.stream().map(s -> new Version(s.version(), "api", s.createdAt().toString(),
            s.active(), s.definition())).toList());
      }
      Prompt file = fromFiles.get(name);
      if (file == null) {
        return Future.failedFuture(notFound(name, null));
      }
      return Future.succeededFuture(List.of(new Version(file.version(), file.definition().source(),
          file.definition().publishedAt().toString(), true, null)));
    });
  }

  /** Serves an earlier (or later) published version of {@code name} again. */
  public Future<Prompt> rollback(String name, int version) {
    if (!fromApi.containsKey(name)) {
      return Future.failedFuture(fromFiles.containsKey(name)
          ? new GatewayError(409, "invalid_request_error", "prompt_defined_in_file", "name", "prompt '" + name
              + "' comes from " + fromFiles.get(name).definition().source() + ": change the file to change it",
              Map.of(), Map.of())
          : notFound(name, null));
    }
    return store.rollback(name, version).compose(found -> found
        ? refreshApi().map(v -> fromApi.get(name))
        : Future.failedFuture(notFound(name, version)));
  }

  /** One version as listed by the admin API; {@code definition} is null for a file prompt. */
  public record Version(int version, String source, String publishedAt, boolean active, JsonNode definition) {}

  private static GatewayError notFound(String name, Integer version) {
    String message = version == null ? "no prompt named '" + name + "'"
        : "prompt '" + name + "' has no version " + version;
    return new GatewayError(404, "invalid_request_error", "prompt_not_found", version == null ? "name" : "version",
        message, Map.of(), Map.of());
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
