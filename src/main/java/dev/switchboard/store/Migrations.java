package dev.switchboard.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versioned schema migrations. {@code db/migrations.txt} on the class path lists the files in order
 * ({@code V<n>__<name>.sql}); each is read from {@code db/<dialect>/} when the dialect has its own version,
 * else from {@code db/common/}. Applied versions are recorded in {@code schema_version}; each file runs once,
 * in one transaction, and on PostgreSQL under an advisory lock so replicas starting together do not race.
 */
final class Migrations {
  private static final Pattern FILE = Pattern.compile("V(\\d+)__[A-Za-z0-9_]+\\.sql");
  private static final long PG_LOCK_KEY = 0x5357_4254_4348L;

  /** One migration file. */
  record Migration(int version, String file, String sql) {}

  private Migrations() {}

  /** The migrations shipped on the class path for {@code dialect}, in version order. */
  static List<Migration> load(Dialect dialect) {
    List<Migration> out = new ArrayList<>();
    int last = 0;
    for (String line : read("db/migrations.txt").split("\\R")) {
      String file = line.strip();
      if (file.isEmpty() || file.startsWith("#")) {
        continue;
      }
      Matcher m = FILE.matcher(file);
      if (!m.matches()) {
        throw new IllegalStateException("db/migrations.txt: '" + file + "' is not named V<n>__<name>.sql");
      }
      int version = Integer.parseInt(m.group(1));
      if (version <= last) {
        throw new IllegalStateException("db/migrations.txt: versions must increase, " + file + " follows V" + last);
      }
      last = version;
      String own = "db/" + dialect.folder() + "/" + file;
      out.add(new Migration(version, file, exists(own) ? read(own) : read("db/common/" + file)));
    }
    return out;
  }

  /** Applies every migration not yet recorded; returns how many ran. Blocking. */
  static int apply(Connection c, Dialect dialect, List<Migration> migrations) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, file TEXT NOT NULL, "
          + "applied_at TEXT NOT NULL)");
      c.commit();
      int applied = 0;
      for (Migration m : migrations) {
        if (dialect == Dialect.POSTGRESQL) {
          s.execute("SELECT pg_advisory_xact_lock(" + PG_LOCK_KEY + ")");
        }
        if (isApplied(c, m.version())) {
          c.commit();
          continue;
        }
        for (String statement : statements(m.sql())) {
          s.execute(statement);
        }
        try (PreparedStatement record = c.prepareStatement(
            "INSERT INTO schema_version (version, file, applied_at) VALUES (?, ?, ?)")) {
          record.setInt(1, m.version());
          record.setString(2, m.file());
          record.setString(3, Instant.now().toString());
          record.executeUpdate();
        }
        c.commit();
        applied++;
      }
      return applied;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private static boolean isApplied(Connection c, int version) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM schema_version WHERE version = ?")) {
      q.setInt(1, version);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Splits a file on semicolons at line ends; lines starting with {@code --} are comments. */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\\R")) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.strip().endsWith(";")) {
        String statement = current.toString().strip();
        out.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  private static boolean exists(String resource) {
    return Migrations.class.getClassLoader().getResource(resource) != null;
  }

  private static String read(String resource) {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the migration resource " + resource + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
