package dev.switchboard.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Json;
import dev.switchboard.store.Database;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Published prompt versions in the store: every version kept as it was published (immutable), and per name the
 * version served now (moved by each publish and by rollback). Shared by every replica through the store.
 */
final class PromptStore {
  /** One stored version: the definition as published, and when. */
  record Stored(String name, int version, JsonNode definition, Instant createdAt, boolean active) {}

  private final Database database;

  PromptStore(Database database) {
    this.database = database;
  }

  /** Stores {@code definition} as the next version of {@code name} and makes it the active one; yields its number. */
  Future<Integer> publish(String name, JsonNode definition) {
    return database.call(c -> inTransaction(c, () -> {
      int next = 1;
      try (PreparedStatement q = c.prepareStatement("SELECT MAX(version) FROM prompt_versions WHERE name = ?")) {
        q.setString(1, name);
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            next = rs.getInt(1) + 1;
          }
        }
      }
      String now = Instant.now().toString();
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO prompt_versions (name, version, definition, created_at) VALUES (?, ?, ?, ?)")) {
        insert.setString(1, name);
        insert.setInt(2, next);
        insert.setString(3, definition.toString());
        insert.setString(4, now);
        insert.executeUpdate();
      }
      activate(c, name, next, now);
      return next;
    }));
  }

  /** Makes an existing version the active one; yields false when that version does not exist. */
  Future<Boolean> rollback(String name, int version) {
    return database.call(c -> inTransaction(c, () -> {
      try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM prompt_versions WHERE name = ? AND version = ?")) {
        q.setString(1, name);
        q.setInt(2, version);
        try (ResultSet rs = q.executeQuery()) {
          if (!rs.next()) {
            return false;
          }
        }
      }
      activate(c, name, version, Instant.now().toString());
      return true;
    }));
  }

  /** Every version of {@code name}, oldest first, the active one marked. */
  Future<List<Stored>> versions(String name) {
    return database.call(c -> query(c, "SELECT v.name, v.version, v.definition, v.created_at, "
        + "CASE WHEN h.active_version = v.version THEN 1 ELSE 0 END FROM prompt_versions v "
        + "LEFT JOIN prompt_heads h ON h.name = v.name WHERE v.name = ? ORDER BY v.version", name));
  }

  /** One version of {@code name}. */
  Future<Optional<Stored>> version(String name, int version) {
    return versions(name).map(all -> all.stream().filter(s -> s.version() == version).findFirst());
  }

  /** The active version of every published name. */
  Future<List<Stored>> active() {
    return database.call(c -> query(c, "SELECT v.name, v.version, v.definition, v.created_at, 1 FROM prompt_heads h "
        + "JOIN prompt_versions v ON v.name = h.name AND v.version = h.active_version ORDER BY v.name", null));
  }

  private static void activate(Connection c, String name, int version, String now) throws SQLException {
    try (PreparedStatement head = c.prepareStatement("INSERT INTO prompt_heads (name, active_version, updated_at) "
        + "VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET active_version = excluded.active_version, "
        + "updated_at = excluded.updated_at")) {
      head.setString(1, name);
      head.setInt(2, version);
      head.setString(3, now);
      head.executeUpdate();
    }
  }

  private static List<Stored> query(Connection c, String sql, String name) throws SQLException {
    List<Stored> out = new ArrayList<>();
    try (PreparedStatement q = c.prepareStatement(sql)) {
      if (name != null) {
        q.setString(1, name);
      }
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(new Stored(rs.getString(1), rs.getInt(2), parse(rs.getString(3)), Instant.parse(rs.getString(4)),
              rs.getInt(5) == 1));
        }
      }
    }
    return out;
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored prompt definition is not JSON", e);
    }
  }

  /** Work that must commit as a whole. */
  private interface Work<T> {
    T run() throws SQLException;
  }

  private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      T result = work.run();
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }
}
