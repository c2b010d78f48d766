package dev.switchboard.cache;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * Stored answers by cache key: in this process ({@link LocalResponseCache}) or shared by replicas through Redis
 * ({@link RedisResponseCache}). A failing store is a miss, never an error for the caller.
 */
public interface ResponseCache {

  /** The stored answer for {@code key}, if any and not expired. */
  Future<Optional<Buffer>> get(String key);

  /** Stores {@code answer} under {@code key} for {@code ttlMs}. */
  void put(String key, Buffer answer, long ttlMs);
}
