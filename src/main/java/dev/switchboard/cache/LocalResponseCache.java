package dev.switchboard.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The response cache in this process: Caffeine, bounded by the bytes of the stored answers, each with its own TTL. */
public final class LocalResponseCache implements ResponseCache {
  /** A stored answer and how long it lives. */
  private record Entry(Buffer answer, long ttlNanos) {}

  private final Cache<String, Entry> entries;

  public LocalResponseCache(long maxBytes) {
    this.entries = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((String key, Entry e) -> key.length() + e.answer().length())
        .expireAfter(new Expiry<String, Entry>() {
          @Override
          public long expireAfterCreate(String key, Entry e, long now) {
            return e.ttlNanos();
          }

          @Override
          public long expireAfterUpdate(String key, Entry e, long now, long current) {
            return e.ttlNanos();
          }

          @Override
          public long expireAfterRead(String key, Entry e, long now, long current) {
            return current;
          }
        })
        .build();
  }

  @Override
  public Future<Optional<Buffer>> get(String key) {
    Entry e = entries.getIfPresent(key);
    return Future.succeededFuture(Optional.ofNullable(e).map(Entry::answer));
  }

  @Override
  public void put(String key, Buffer answer, long ttlMs) {
    entries.put(key, new Entry(answer, TimeUnit.MILLISECONDS.toNanos(ttlMs)));
  }
}
