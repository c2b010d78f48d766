package dev.switchboard.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.api.Json;
import dev.switchboard.store.Database;
import dev.switchboard.store.SqlWork;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tenants created through the admin API and every API-created key (tables {@code tenants} and
 * {@code tenant_keys}, migration V3). Keys are stored as their HMAC digest and display prefix only. All
 * work runs on the store's worker pool.
 */
public final class TenantStore {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final String COLUMNS = "id, models, daily_budget_usd, monthly_budget_usd, rpm, tpm, created_at";

  private final Database database;

  public TenantStore(Database database) {
    this.database = database;
  }

  /** A key found by its digest, with the stored tenant it belongs to (absent for configured tenants). */
  public record KeyMatch(String keyId, String tenantId, boolean revoked, Optional<TenantSpec> storedTenant) {}

  /** Inserts a tenant; false when the id is taken. */
  public Future<Boolean> create(TenantSpec spec) {
    return call(c -> {
      if (find(c, spec.id()).isPresent()) {
        return false;
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO tenants (id, models, daily_budget_usd, "
          + "monthly_budget_usd, rpm, tpm, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        s.setString(1, spec.id());
        bind(s, spec, 2);
        s.setString(7, spec.created().toString());
        s.setString(8, spec.created().toString());
        s.executeUpdate();
        return true;
      } catch (SQLException e) {
        if (find(c, spec.id()).isPresent()) {
          return false;
        }
        throw e;
      }
    });
  }

  /** Replaces a stored tenant's models and limits; false when there is no such tenant. */
  public Future<Boolean> update(TenantSpec spec) {
    return call(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE tenants SET models = ?, daily_budget_usd = ?, "
          + "monthly_budget_usd = ?, rpm = ?, tpm = ?, updated_at = ? WHERE id = ?")) {
        bind(s, spec, 1);
        s.setString(6, Instant.now().toString());
        s.setString(7, spec.id());
        return s.executeUpdate() == 1;
      }
    });
  }

  public Future<Optional<TenantSpec>> get(String id) {
    return call(c -> find(c, id));
  }

  /** Every stored tenant, by id. */
  public Future<List<TenantSpec>> list() {
    return call(c -> {
      List<TenantSpec> out = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM tenants ORDER BY id");
           ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(spec(rs));
        }
      }
      return out;
    });
  }

  /** Stores a new key of {@code tenantId} by its digest and prefix. */
  public Future<KeyRecord> addKey(String tenantId, String keyId, String digest, String prefix, Instant created) {
    return call(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO tenant_keys (id, tenant_id, digest, prefix, created_at) VALUES (?, ?, ?, ?, ?)")) {
        s.setString(1, keyId);
        s.setString(2, tenantId);
        s.setString(3, digest);
        s.setString(4, prefix);
        s.setString(5, created.toString());
        s.executeUpdate();
      }
      return new KeyRecord(keyId, tenantId, prefix, created, null, TenantSpec.Source.API);
    });
  }

  /** The stored keys of {@code tenantId}, oldest first. */
  public Future<List<KeyRecord>> keys(String tenantId) {
    return call(c -> {
      List<KeyRecord> out = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement("SELECT id, prefix, created_at, revoked_at FROM tenant_keys "
          + "WHERE tenant_id = ? ORDER BY created_at, id")) {
        q.setString(1, tenantId);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            String revoked = rs.getString(4);
            out.add(new KeyRecord(rs.getString(1), tenantId, rs.getString(2), Instant.parse(rs.getString(3)),
                revoked == null ? null : Instant.parse(revoked), TenantSpec.Source.API));
          }
        }
      }
      return out;
    });
  }

  /** Marks a key revoked (keeping the first revocation time); false when {@code tenantId} has no such key. */
  public Future<Boolean> revoke(String tenantId, String keyId, Instant at) {
    return call(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE tenant_keys SET revoked_at = COALESCE(revoked_at, ?) "
          + "WHERE id = ? AND tenant_id = ?")) {
        s.setString(1, at.toString());
        s.setString(2, keyId);
        s.setString(3, tenantId);
        return s.executeUpdate() == 1;
      }
    });
  }

  /** The key with this digest, if any. */
  public Future<Optional<KeyMatch>> findKey(String digest) {
    return call(c -> {
      String keyId;
      String tenantId;
      boolean revoked;
      try (PreparedStatement q = c.prepareStatement(
          "SELECT id, tenant_id, revoked_at FROM tenant_keys WHERE digest = ?")) {
        q.setString(1, digest);
        try (ResultSet rs = q.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          keyId = rs.getString(1);
          tenantId = rs.getString(2);
          revoked = rs.getString(3) != null;
        }
      }
      return Optional.of(new KeyMatch(keyId, tenantId, revoked, find(c, tenantId)));
    });
  }

  /** Runs {@code work} on the store; fails at once while the schema is not migrated (store unreachable at start). */
  private <T> Future<T> call(SqlWork<T> work) {
    if (!database.ready().succeeded()) {
      return Future.failedFuture(new IllegalStateException("the store schema is not ready (store unreachable?)"));
    }
    return database.call(work);
  }

  private static Optional<TenantSpec> find(Connection c, String id) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM tenants WHERE id = ?")) {
      q.setString(1, id);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(spec(rs)) : Optional.empty();
      }
    }
  }

  private static TenantSpec spec(ResultSet rs) throws SQLException {
    List<String> models;
    try {
      models = Json.MAPPER.readValue(rs.getString(2), STRINGS);
    } catch (JsonProcessingException e) {
      throw new SQLException("tenant " + rs.getString(1) + ": unreadable models column", e);
    }
    TenantLimits limits = new TenantLimits(decimal(rs.getString(3)), decimal(rs.getString(4)), rs.getLong(5),
        rs.getLong(6));
    return new TenantSpec(rs.getString(1), models, limits, TenantSpec.Source.API, Instant.parse(rs.getString(7)));
  }

  /** Binds models, daily and monthly budget, rpm and tpm to five parameters starting at {@code first}. */
  private static void bind(PreparedStatement s, TenantSpec spec, int first) throws SQLException {
    try {
      s.setString(first, Json.MAPPER.writeValueAsString(spec.models()));
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot encode the models of tenant " + spec.id(), e);
    }
    setDecimal(s, first + 1, spec.limits().dailyBudgetUsd());
    setDecimal(s, first + 2, spec.limits().monthlyBudgetUsd());
    s.setLong(first + 3, spec.limits().rpm());
    s.setLong(first + 4, spec.limits().tpm());
  }

  private static void setDecimal(PreparedStatement s, int index, BigDecimal value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, value.toPlainString());
    }
  }

  private static BigDecimal decimal(String text) {
    return text == null ? null : new BigDecimal(text);
  }
}
