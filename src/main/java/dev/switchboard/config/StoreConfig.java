package dev.switchboard.config;

/** {@code store}: the JDBC URL of SQLite (embedded default) or PostgreSQL, with credentials for the latter. */
public record StoreConfig(String url, String user, String password) {
  @Override
  public String toString() {
    return "StoreConfig[url=" + url + ", user=" + user + ", password=" + (password == null ? "<none>" : "***") + "]";
  }
}
