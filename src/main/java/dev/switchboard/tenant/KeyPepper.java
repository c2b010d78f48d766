package dev.switchboard.tenant;

import dev.switchboard.store.Database;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * The pepper that tenant keys are hashed with, shared by every replica through the store's {@code settings}
 * table: the first replica to need it generates 32 random bytes and inserts them; everyone (including a
 * replica that lost that race) then reads the one stored value. Loaded once; while the store is unreachable
 * (or its schema not yet migrated) each call fails at once and the next one tries again.
 */
public final class KeyPepper {
  static final String SETTING = "tenant_key_pepper";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Database database;
  private volatile Future<KeyHasher> loaded;

  public KeyPepper(Database database) {
    this.database = database;
  }

  /** The hasher, once the pepper is known; fails while the store cannot be read. */
  public Future<KeyHasher> hasher() {
    Future<KeyHasher> current = loaded;
    if (current != null && !current.failed()) {
      return current;
    }
    if (!database.ready().succeeded()) {
      return Future.failedFuture(new IllegalStateException("the store schema is not ready (store unreachable?)"));
    }
    Future<KeyHasher> attempt = database.call(KeyPepper::readOrCreate)
        .map(hex -> new KeyHasher(HexFormat.of().parseHex(hex)));
    loaded = attempt;
    return attempt;
  }

  private static String readOrCreate(Connection c) throws SQLException {
    String existing = read(c);
    if (existing != null) {
      return existing;
    }
    byte[] fresh = new byte[KeyHasher.MIN_PEPPER_BYTES];
    RANDOM.nextBytes(fresh);
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO settings (name, value) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM settings WHERE name = ?)")) {
      insert.setString(1, SETTING);
      insert.setString(2, HexFormat.of().formatHex(fresh));
      insert.setString(3, SETTING);
      insert.executeUpdate();
    } catch (SQLException raced) {
      // another replica inserted it between our read and our insert: its value is the one to use
    }
    String stored = read(c);
    if (stored == null) {
      throw new SQLException("the key pepper could not be stored in the settings table");
    }
    return stored;
  }

  private static String read(Connection c) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
      q.setString(1, SETTING);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
