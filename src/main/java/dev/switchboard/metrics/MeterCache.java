package dev.switchboard.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Meters looked up by name and tag values without building a Micrometer id on every request: the meter is
 * registered once, the first time its name and tag values are seen, and found in a plain map after that.
 */
final class MeterCache {
  private final Map<String, Object> meters = new ConcurrentHashMap<>();

  /** The meter of {@code name} with {@code tagValues}, registered by {@code register} the first time. */
  <M> M get(Class<M> type, String name, Supplier<M> register, String... tagValues) {
    String key = tagValues.length == 0 ? name : name + '\u0000' + String.join("\u0000", tagValues);
    return type.cast(meters.computeIfAbsent(key, k -> register.get()));
  }
}
