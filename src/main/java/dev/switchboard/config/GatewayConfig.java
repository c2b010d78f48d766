package dev.switchboard.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One immutable snapshot of the whole configuration (CONTRACT section 2); its maps keep the file's order. */
public record GatewayConfig(
    ServerConfig server,
    AdminConfig admin,
    StoreConfig store,
    RedisConfig redis,
    LoggingConfig logging,
    Map<String, ProviderConfig> providers,
    Map<String, ModelGroupConfig> models,
    RoutingConfig routing,
    Map<String, TenantConfig> tenants,
    PromptsConfig prompts,
    LedgerConfig ledger,
    CacheConfig cache,
    TracingConfig tracing) {

  public GatewayConfig {
    providers = inFileOrder(providers);
    models = inFileOrder(models);
    tenants = inFileOrder(tenants);
  }

  private static <V> Map<String, V> inFileOrder(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** A copy listening on another port. */
  public GatewayConfig withPort(int port) {
    ServerConfig s = new ServerConfig(server.host(), port, server.maxBodyBytes(), server.drainTimeoutMs(),
        server.reloadWatchMs(), server.eventLoops());
    return new GatewayConfig(s, admin, store, redis, logging, providers, models, routing, tenants, prompts, ledger, cache, tracing);
  }
}
