package dev.switchboard.config;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads each section of the parsed tree into records, collecting problems with their key paths. */
final class ConfigReader {
  static final Set<String> STRATEGIES = Set.of("weighted", "round_robin", "least_busy", "lowest_latency", "lowest_cost");
  private static final Set<String> PROVIDER_COMMON = Set.of("type", "base_url", "api_key", "timeout_ms",
      "connect_timeout_ms", "max_connections", "http2");
  private static final BigDecimal MAX_PRICE = new BigDecimal("100000");
  private static final long DAY_MS = 86_400_000L;

  private final ProviderTypes providerTypes;
  private final Set<String> unset;
  private final List<ConfigProblem> problems;

  ConfigReader(ProviderTypes providerTypes, Set<String> unset, List<ConfigProblem> problems) {
    this.providerTypes = providerTypes;
    this.unset = unset;
    this.problems = problems;
  }

  GatewayConfig read(ConfigNode top) {
    Map<String, ProviderConfig> providers = providers(top.child("providers"));
    Map<String, ModelGroupConfig> models = models(top.child("models"), providers);
    StoreConfig store = store(top.child("store"));
    return new GatewayConfig(server(top.child("server")), admin(top.child("admin")), store,
        redis(top.child("redis")), logging(top.child("logging")), providers, models,
        routing(top.child("routing")), tenants(top.child("tenants"), models), prompts(top.child("prompts")),
        ledger(top.child("ledger"), store), cache(top.child("cache")), tracing(top.child("tracing")));
  }

  private TracingConfig tracing(ConfigNode n) {
    n.expectObject(Set.of("otlp_endpoint", "service_name", "sample_ratio"));
    String endpoint = n.child("otlp_endpoint").text("");
    if (!endpoint.isEmpty() && !endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
      n.child("otlp_endpoint").problem("must be an http(s) URL such as http://otel-collector:4318/v1/traces");
    }
    return new TracingConfig(endpoint, n.child("service_name").text("switchboard"),
        n.child("sample_ratio").decimal(BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ONE).doubleValue());
  }

  private CacheConfig cache(ConfigNode n) {
    n.expectObject(Set.of("max_bytes", "max_ttl_ms", "shared"));
    return new CacheConfig(n.child("max_bytes").integer(64L << 20, 0, 1L << 34),
        n.child("max_ttl_ms").integer(DAY_MS, 1, 30 * DAY_MS), n.child("shared").bool(true));
  }

  private PromptsConfig prompts(ConfigNode n) {
    n.expectObject(Set.of("dir", "reload_interval_ms"));
    return new PromptsConfig(n.child("dir").text("prompts"), n.child("reload_interval_ms").integer(1_000, 100, DAY_MS));
  }

  private ServerConfig server(ConfigNode n) {
    n.expectObject(Set.of("port", "host", "max_body_bytes", "drain_timeout_ms", "reload_watch_ms", "event_loops"));
    return new ServerConfig(n.child("host").text("0.0.0.0"), (int) n.child("port").integer(8080, 0, 65535),
        n.child("max_body_bytes").integer(4_194_304, 1024, 1L << 30),
        n.child("drain_timeout_ms").integer(30_000, 0, 600_000), n.child("reload_watch_ms").integer(2_000, 0, DAY_MS),
        (int) n.child("event_loops").integer(ServerConfig.defaultEventLoops(), 1, 256));
  }

  private AdminConfig admin(ConfigNode n) {
    n.expectObject(Set.of("key", "port"));
    return new AdminConfig(n.child("key").text(""), (int) n.child("port").integer(-1, -1, 65535));
  }

  private StoreConfig store(ConfigNode n) {
    n.expectObject(Set.of("url", "user", "password"));
    String url = n.child("url").text("jdbc:sqlite:data/switchboard.db");
    if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
      n.child("url").problem("must start with jdbc:sqlite: or jdbc:postgresql:, was '" + url + "'");
    }
    return new StoreConfig(url, n.child("user").text(null), n.child("password").text(null));
  }

  private LedgerConfig ledger(ConfigNode n, StoreConfig store) {
    n.expectObject(Set.of("journal_dir", "batch_size", "flush_interval_ms", "fsync_interval_ms"));
    return new LedgerConfig(n.child("journal_dir").text(LedgerConfig.defaultJournalDir(store.url())),
        (int) n.child("batch_size").integer(500, 1, 100_000), n.child("flush_interval_ms").integer(1_000, 10, 600_000),
        n.child("fsync_interval_ms").integer(1_000, 0, 600_000));
  }

  private RedisConfig redis(ConfigNode n) {
    n.expectObject(Set.of("url"));
    String url = n.child("url").text("");
    if (!url.isEmpty() && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
      n.child("url").problem("must start with redis:// or rediss://, was '" + url + "'");
    }
    return new RedisConfig(url);
  }

  private LoggingConfig logging(ConfigNode n) {
    n.expectObject(Set.of("format", "level"));
    String format = n.child("format").text("text");
    if (!format.equals("text") && !format.equals("json")) {
      n.child("format").problem("must be text or json, was '" + format + "'");
    }
    String level = n.child("level").text("INFO").toUpperCase(java.util.Locale.ROOT);
    if (!Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(level)) {
      n.child("level").problem("must be one of trace, debug, info, warn, error, was '" + level + "'");
    }
    return new LoggingConfig(format, level);
  }

  private Map<String, ProviderConfig> providers(ConfigNode section) {
    Map<String, ProviderConfig> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> e : section.entries().entrySet()) {
      ConfigNode n = e.getValue();
      String type = n.child("type").requiredText();
      if (type == null) {
        continue;
      }
      if (!providerTypes.supported().contains(type)) {
        n.child("type").problem("unknown provider type '" + type + "' (supported: "
            + String.join(", ", providerTypes.supported().stream().sorted().toList()) + ")");
        continue;
      }
      Set<String> allowed = new LinkedHashSet<>(PROVIDER_COMMON);
      allowed.addAll(providerTypes.optionKeys(type));
      n.expectObject(allowed);
      String baseUrl = n.child("base_url").text("");
      if (!baseUrl.isEmpty() && !baseUrl.matches("https?://[^\\s/]+.*")) {
        n.child("base_url").problem("must be an http:// or https:// URL, was '" + baseUrl + "'");
      }
      if (baseUrl.isEmpty()) {
        baseUrl = providerTypes.defaultBaseUrl(type);
      }
      ProviderConfig p = new ProviderConfig(e.getKey(), type, baseUrl.replaceAll("/+$", ""),
          n.child("api_key").text(""), n.child("timeout_ms").integer(600_000, 1, DAY_MS),
          n.child("connect_timeout_ms").integer(5_000, 1, 600_000),
          (int) n.child("max_connections").integer(256, 1, 100_000), n.scalars(PROVIDER_COMMON),
          n.child("http2").bool(false));
      providerTypes.validate(p, n.path(), problems);
      out.put(e.getKey(), p);
    }
    return out;
  }

  private Map<String, ModelGroupConfig> models(ConfigNode section, Map<String, ProviderConfig> providers) {
    Map<String, ConfigNode> entries = section.entries();
    if (entries.isEmpty() && !section.isMissing()) {
      section.problem("at least one model is needed");
    }
    Map<String, ModelGroupConfig> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> e : entries.entrySet()) {
      ConfigNode n = e.getValue();
      n.expectObject(Set.of("strategy", "deployments", "fallbacks", "context_fallbacks", "cache"));
      n.child("cache").expectObject(Set.of("ttl_ms"));
      String strategy = n.child("strategy").text("weighted");
      if (!STRATEGIES.contains(strategy)) {
        n.child("strategy").problem("unknown strategy '" + strategy + "' (supported: "
            + String.join(", ", STRATEGIES.stream().sorted().toList()) + ")");
      }
      List<DeploymentConfig> deployments = new java.util.ArrayList<>();
      for (ConfigNode d : n.child("deployments").items()) {
        d.expectObject(Set.of("provider", "model", "weight", "price", "health_check", "region", "project",
            "location"));
        String provider = d.child("provider").requiredText();
        if (provider != null && !providers.containsKey(provider)) {
          d.child("provider").problem("unknown provider '" + provider + "'");
        }
        String model = d.child("model").requiredText();
        int weight = (int) d.child("weight").integer(1, 0, 1_000_000);
        deployments.add(new DeploymentConfig(provider, model, weight, price(d.child("price")),
            d.child("health_check").bool(true), placement(d, providers.get(provider))));
      }
      if (deployments.isEmpty()) {
        n.child("deployments").problem("at least one deployment is needed");
      } else if (deployments.stream().allMatch(d -> d.weight() == 0)) {
        n.child("deployments").problem("every deployment has weight 0; at least one must be positive");
      }
      out.put(e.getKey(), new ModelGroupConfig(e.getKey(), strategy, deployments,
          n.child("fallbacks").textList(), n.child("context_fallbacks").textList(),
          n.child("cache").child("ttl_ms").integer(0, 0, DAY_MS)));
    }
    for (Map.Entry<String, ModelGroupConfig> e : out.entrySet()) {
      checkModelRefs(section.child(e.getKey()).child("fallbacks"), e.getValue().fallbacks(), e.getKey(), out);
      checkModelRefs(section.child(e.getKey()).child("context_fallbacks"), e.getValue().contextFallbacks(),
          e.getKey(), out);
    }
    return out;
  }

  /** A deployment's own {@code region} / {@code project} / {@code location}, for providers whose type takes them. */
  private Map<String, String> placement(ConfigNode d, ProviderConfig provider) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String key : DeploymentConfig.PLACEMENT_KEYS) {
      String value = d.child(key).text(null);
      if (value == null) {
        continue;
      }
      if (provider != null && !providerTypes.optionKeys(provider.type()).contains(key)) {
        d.child(key).problem("the provider's type '" + provider.type() + "' takes no '" + key + "'");
      } else {
        out.put(key, value);
      }
    }
    return out;
  }

  private void checkModelRefs(ConfigNode n, List<String> refs, String self, Map<String, ModelGroupConfig> models) {
    for (int i = 0; i < refs.size(); i++) {
      String ref = refs.get(i);
      if (ref.equals(self)) {
        n.problem("a model cannot fall back to itself ('" + ref + "')");
      } else if (!models.containsKey(ref)) {
        problems.add(new ConfigProblem(n.path() + "[" + i + "]", "unknown model '" + ref + "'"));
      }
    }
  }

  private DeploymentConfig.Price price(ConfigNode n) {
    if (!n.expectObject(Set.of("input_per_mtok", "output_per_mtok", "cached_input_per_mtok", "cache_write_per_mtok",
        "reasoning_per_mtok"))) {
      return null;
    }
    return new DeploymentConfig.Price(n.child("input_per_mtok").decimal(null, BigDecimal.ZERO, MAX_PRICE),
        n.child("output_per_mtok").decimal(null, BigDecimal.ZERO, MAX_PRICE),
        n.child("cached_input_per_mtok").decimal(null, BigDecimal.ZERO, MAX_PRICE),
        n.child("cache_write_per_mtok").decimal(null, BigDecimal.ZERO, MAX_PRICE),
        n.child("reasoning_per_mtok").decimal(null, BigDecimal.ZERO, MAX_PRICE));
  }

  private RoutingConfig routing(ConfigNode n) {
    n.expectObject(Set.of("max_attempts", "attempt_timeout_ms", "deadline_ms", "retry", "health"));
    ConfigNode health = n.child("health");
    health.expectObject(Set.of("active", "passive"));
    ConfigNode a = health.child("active");
    a.expectObject(Set.of("enabled", "interval_ms", "timeout_ms", "unhealthy_threshold", "healthy_threshold"));
    ConfigNode p = health.child("passive");
    p.expectObject(Set.of("consecutive_failures", "base_ejection_ms", "max_ejection_ms"));
    ConfigNode r = n.child("retry");
    r.expectObject(Set.of("budget_ratio", "budget_min_per_second", "backoff_base_ms", "backoff_max_ms"));
    RoutingConfig.Active active = new RoutingConfig.Active(a.child("enabled").bool(true),
        a.child("interval_ms").integer(10_000, 100, DAY_MS), a.child("timeout_ms").integer(2_000, 1, 600_000),
        (int) a.child("unhealthy_threshold").integer(3, 1, 1000), (int) a.child("healthy_threshold").integer(2, 1, 1000));
    RoutingConfig.Passive passive = new RoutingConfig.Passive(
        (int) p.child("consecutive_failures").integer(5, 1, 1000),
        p.child("base_ejection_ms").integer(30_000, 1, DAY_MS), p.child("max_ejection_ms").integer(300_000, 1, DAY_MS));
    if (passive.maxEjectionMs() < passive.baseEjectionMs()) {
      p.child("max_ejection_ms").problem("must not be less than base_ejection_ms");
    }
    RoutingConfig.Retry retry = new RoutingConfig.Retry(
        r.child("budget_ratio").decimal(new BigDecimal("0.2"), BigDecimal.ZERO, BigDecimal.TEN).doubleValue(),
        (int) r.child("budget_min_per_second").integer(10, 0, 1_000_000), r.child("backoff_base_ms").integer(25, 0, 60_000),
        r.child("backoff_max_ms").integer(1_000, 0, 600_000));
    long attemptTimeout = n.child("attempt_timeout_ms").integer(60_000, 1, DAY_MS);
    long deadline = n.child("deadline_ms").integer(Math.max(180_000, attemptTimeout), 1, DAY_MS);
    return new RoutingConfig((int) n.child("max_attempts").integer(3, 1, 20), attemptTimeout, deadline, retry, active,
        passive);
  }

  private Map<String, TenantConfig> tenants(ConfigNode section, Map<String, ModelGroupConfig> models) {
    Map<String, TenantConfig> out = new LinkedHashMap<>();
    Map<String, String> digestOwners = new HashMap<>();
    for (Map.Entry<String, ConfigNode> e : section.entries().entrySet()) {
      ConfigNode n = e.getValue();
      n.expectObject(Set.of("keys", "models", "budget", "limits"));
      List<TenantConfig.Key> keys = new java.util.ArrayList<>();
      for (ConfigNode k : n.child("keys").items()) {
        TenantConfig.Key key = key(k);
        if (key == null) {
          continue;
        }
        String owner = digestOwners.putIfAbsent(key.sha256(), k.path());
        if (owner != null) {
          k.problem("the same key is already configured at " + owner);
        }
        keys.add(key);
      }
      List<String> allowed = n.child("models").textList();
      for (int i = 0; i < allowed.size(); i++) {
        String m = allowed.get(i);
        if (!m.equals("*") && !models.containsKey(m)) {
          problems.add(new ConfigProblem(n.child("models").path() + "[" + i + "]", "unknown model '" + m + "'"));
        }
      }
      ConfigNode budget = n.child("budget");
      budget.expectObject(Set.of("daily_usd", "monthly_usd"));
      ConfigNode limits = n.child("limits");
      limits.expectObject(Set.of("rpm", "tpm"));
      BigDecimal maxBudget = new BigDecimal("1000000000");
      out.put(e.getKey(), new TenantConfig(e.getKey(), keys, allowed,
          budget.child("daily_usd").decimal(null, BigDecimal.ZERO, maxBudget),
          budget.child("monthly_usd").decimal(null, BigDecimal.ZERO, maxBudget),
          limits.child("rpm").integer(0, 0, 100_000_000), limits.child("tpm").integer(0, 0, 10_000_000_000L)));
    }
    return out;
  }

  private TenantConfig.Key key(ConfigNode k) {
    k.expectObject(Set.of("id", "sha256", "key"));
    String id = k.child("id").requiredText();
    ConfigNode digestNode = k.child("sha256");
    ConfigNode keyNode = k.child("key");
    if (!digestNode.isMissing() && !keyNode.isMissing()) {
      k.problem("give either sha256 or key, not both");
      return null;
    }
    if (!digestNode.isMissing()) {
      String digest = digestNode.text("").trim().toLowerCase(java.util.Locale.ROOT);
      if (!digest.matches("[0-9a-f]{64}")) {
        digestNode.problem("must be the 64-character hex SHA-256 of the key");
        return null;
      }
      return id == null ? null : new TenantConfig.Key(id, digest);
    }
    String key = keyNode.text("");
    if (key.isEmpty()) {
      keyNode.problem(keyNode.isAbsent() ? "required: the key (from the environment) or its sha256"
          : "is empty" + (unset.isEmpty() ? "" : "; unset environment variables: " + String.join(", ", unset)));
      return null;
    }
    if (key.length() < 16) {
      keyNode.problem("too short: keys need at least 16 characters");
      return null;
    }
    return id == null ? null : new TenantConfig.Key(id, KeyDigest.sha256Hex(key));
  }
}
