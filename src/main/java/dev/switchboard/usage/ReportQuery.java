package dev.switchboard.usage;

import dev.switchboard.api.GatewayError;
import io.vertx.core.MultiMap;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parameters of a cost report: a UTC date range ({@code from} inclusive, {@code to} exclusive), the grouping
 * keys, an optional tenant and the output format. Defaults: the current UTC month, JSON.
 */
public record ReportQuery(LocalDate from, LocalDate to, List<String> groupBy, String tenant, Format format) {
  /** Every grouping key, in the order of the report's columns. */
  public static final List<String> GROUP_KEYS = List.of("tenant", "model", "provider", "key", "prompt", "day", "month");

  /** Output formats. */
  public enum Format { JSON, CSV }

  public ReportQuery {
    groupBy = List.copyOf(groupBy);
  }

  /**
   * Reads a query string. {@code tenant} overrides any {@code tenant} parameter when not null (a tenant's own
   * usage); every bad parameter is a 400 naming it.
   */
  public static ReportQuery parse(MultiMap params, String defaultGroupBy, String ownTenant) {
    LocalDate[] range = range(params);
    String group = params.get("group_by");
    List<String> groupBy = groupBy(group == null ? defaultGroupBy : group);
    String tenant = ownTenant != null ? ownTenant : blankToNull(params.get("tenant"));
    String format = params.get("format") == null ? "json" : params.get("format").strip().toLowerCase(Locale.ROOT);
    Format f = switch (format) {
      case "json" -> Format.JSON;
      case "csv" -> Format.CSV;
      default -> throw GatewayError.invalidRequest("format", "format: must be json or csv, was '" + format + "'");
    };
    return new ReportQuery(range[0], range[1], groupBy, tenant, f);
  }

  /** {@code from} and {@code to} as given, or the current UTC month; {@code from} must come before {@code to}. */
  static LocalDate[] range(MultiMap params) {
    LocalDate monthStart = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
    LocalDate from = date(params, "from", null);
    LocalDate to = date(params, "to", null);
    if (from == null) {
      from = to == null ? monthStart : to.minusMonths(1);
    }
    if (to == null) {
      to = from.withDayOfMonth(1).plusMonths(1);
    }
    if (!from.isBefore(to)) {
      throw GatewayError.invalidRequest("from", "from: " + from + " must be before to: " + to + " (to is exclusive)");
    }
    return new LocalDate[] {from, to};
  }

  /** An optional {@code YYYY-MM-DD} parameter. */
  static LocalDate date(MultiMap params, String name, LocalDate fallback) {
    String value = params.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw GatewayError.invalidRequest(name, name + ": '" + value + "' is not a date (expected YYYY-MM-DD)");
    }
  }

  private static List<String> groupBy(String value) {
    List<String> keys = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String key = part.strip().toLowerCase(Locale.ROOT);
      if (key.isEmpty() && value.isBlank()) {
        continue;
      }
      if (!GROUP_KEYS.contains(key)) {
        throw GatewayError.invalidRequest("group_by", "group_by: unknown key '" + part.strip() + "' (expected one of "
            + String.join(", ", GROUP_KEYS) + ")");
      }
      if (keys.contains(key)) {
        throw GatewayError.invalidRequest("group_by", "group_by: '" + key + "' is given twice");
      }
      keys.add(key);
    }
    return keys;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
