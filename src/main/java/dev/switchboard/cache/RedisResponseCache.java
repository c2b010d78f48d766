package dev.switchboard.cache;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The response cache shared by every replica: Redis {@code GET} / {@code SET … PX ttl}; Redis down is a miss. */
public final class RedisResponseCache implements ResponseCache {
  private static final Logger LOG = LoggerFactory.getLogger(RedisResponseCache.class);

  private final RedisAPI redis;
  private final String prefix;

  public RedisResponseCache(RedisAPI redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix + "cache:";
  }

  @Override
  public Future<Optional<Buffer>> get(String key) {
    return redis.get(prefix + key)
        .map(value -> value == null ? Optional.<Buffer>empty() : Optional.of(value.toBuffer()))
        .recover(e -> {
          LOG.warn("response cache read failed, answering from upstream: {}", e.getMessage());
          return Future.succeededFuture(Optional.empty());
        });
  }

  @Override
  public void put(String key, Buffer answer, long ttlMs) {
    redis.set(List.of(prefix + key, answer.toString(), "PX", String.valueOf(ttlMs)))
        .onFailure(e -> LOG.warn("response cache write failed: {}", e.getMessage()));
  }
}
