package dev.switchboard.config;

import java.util.Map;

/** One immutable snapshot of the whole configuration (CONTRACT section 2). */
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
    LedgerConfig ledger) {

  public GatewayConfig {
    providers = Map.copyOf(providers);
    models = Map.copyOf(models);
    tenants = Map.copyOf(tenants);
  }

  /** A copy listening on another port. */
  public GatewayConfig withPort(int port) {
    ServerConfig s = new ServerConfig(server.host(), port, server.maxBodyBytes(), server.drainTimeoutMs());
    return new GatewayConfig(s, admin, store, redis, logging, providers, models, routing, tenants, ledger);
  }
}
