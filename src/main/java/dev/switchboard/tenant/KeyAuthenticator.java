package dev.switchboard.tenant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.switchboard.api.GatewayError;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the tenant of a presented key. Configured keys are checked first, in memory, so they keep working
 * without the store. Other keys are hashed with the pepper and looked up by digest in the store; answers
 * (including "no such key") are cached for at most {@link #CACHE_TTL}, so a revocation or a tenant change
 * reaches every replica within that time. When the store (or the pepper in it) cannot be read and the answer
 * is not cached, authentication fails closed with 503 {@code auth_unavailable} — never an open door.
 */
public final class KeyAuthenticator {
  /** The longest a key lookup is reused: the bound on revocation latency. */
  public static final Duration CACHE_TTL = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(KeyAuthenticator.class);
  private static final int CACHE_SIZE = 100_000;

  private final Supplier<TenantDirectory> configured;
  private final KeyPepper pepper;
  private final TenantStore store;
  private final Cache<String, Optional<Tenant>> byDigest;

  public KeyAuthenticator(Supplier<TenantDirectory> configured, KeyPepper pepper, TenantStore store) {
    this(configured, pepper, store, Ticker.systemTicker());
  }

  KeyAuthenticator(Supplier<TenantDirectory> configured, KeyPepper pepper, TenantStore store, Ticker ticker) {
    this.configured = configured;
    this.pepper = pepper;
    this.store = store;
    this.byDigest = Caffeine.newBuilder().expireAfterWrite(CACHE_TTL).maximumSize(CACHE_SIZE).ticker(ticker).build();
  }

  /** The tenant of {@code presentedKey}; fails with 401 for unknown or revoked keys, 503 when it cannot tell. */
  public Future<Tenant> authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > TenantDirectory.MAX_KEY_LENGTH) {
      return Future.failedFuture(GatewayError.invalidApiKey("invalid API key"));
    }
    TenantDirectory directory = configured.get();
    Optional<Tenant> fromConfig = directory.authenticate(presentedKey);
    if (fromConfig.isPresent()) {
      return Future.succeededFuture(fromConfig.get());
    }
    return pepper.hasher().compose(hasher -> {
      String digest = hasher.digest(presentedKey);
      Optional<Tenant> cached = byDigest.getIfPresent(digest);
      if (cached != null) {
        return answer(cached);
      }
      return store.findKey(digest).compose(match -> {
        Optional<Tenant> tenant = match.filter(m -> !m.revoked()).flatMap(m -> resolve(directory, m));
        byDigest.put(digest, tenant);
        return answer(tenant);
      });
    }).recover(e -> e instanceof GatewayError ? Future.failedFuture(e) : unavailable(e));
  }

  /** Forgets every cached lookup on this replica (after a revocation or a tenant change made here). */
  public void invalidateAll() {
    byDigest.invalidateAll();
  }

  private static Optional<Tenant> resolve(TenantDirectory directory, TenantStore.KeyMatch match) {
    Optional<TenantSpec> spec = directory.spec(match.tenantId()).or(match::storedTenant);
    return spec.map(s -> s.as(match.keyId()));
  }

  private static Future<Tenant> answer(Optional<Tenant> tenant) {
    return tenant.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(GatewayError.invalidApiKey("invalid API key")));
  }

  private static <T> Future<T> unavailable(Throwable cause) {
    LOG.warn("cannot verify an API key: the key store is unreachable ({})", cause.getMessage());
    return Future.failedFuture(new GatewayError(503, "api_error", "auth_unavailable", null,
        "cannot verify the API key right now: the key store is unreachable; retry shortly",
        Map.of("retry-after", "1"), Map.of()));
  }
}
