package dev.switchboard.store;

/** The SQL dialect of the configured store; migrations may differ per dialect. */
public enum Dialect {
  /** The embedded default: one file, one writer. */
  SQLITE("sqlite"),
  /** The shared store of a multi-replica deployment. */
  POSTGRESQL("postgresql");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** The class-path folder under {@code db/} holding this dialect's own migration files. */
  public String folder() {
    return folder;
  }

  /** The dialect of a JDBC URL. */
  public static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException("unsupported store URL (use jdbc:sqlite: or jdbc:postgresql:)");
  }
}
