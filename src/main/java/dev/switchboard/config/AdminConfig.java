package dev.switchboard.config;

/** {@code admin}: the admin key; empty means the admin API answers 401 to everyone. */
public record AdminConfig(String key) {
  @Override
  public String toString() {
    return "AdminConfig[key=" + (key == null || key.isEmpty() ? "<none>" : "***") + "]";
  }
}
