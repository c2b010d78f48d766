package dev.switchboard.usage;

import dev.switchboard.api.GatewayError;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;

/**
 * The parameters of the per-request log: optional tenant and UTC date range ({@code to} exclusive), a page size
 * ({@code limit}, 1 to 1000, default 100) and the opaque cursor of the previous page.
 *
 * @param after the position after which the page starts (newest first), or null for the first page
 */
public record RequestLogQuery(String tenant, LocalDate from, LocalDate to, int limit, Position after) {
  static final int MAX_LIMIT = 1000;
  private static final int DEFAULT_LIMIT = 100;

  /** A place in the log: the time and event id of the last entry of a page. */
  public record Position(long timeMs, String eventId) {
    /** The opaque cursor for this position. */
    public String cursor() {
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString((timeMs + "|" + eventId).getBytes(StandardCharsets.UTF_8));
    }

    static Position of(String cursor) {
      try {
        String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        int bar = text.indexOf('|');
        return new Position(Long.parseLong(text.substring(0, bar)), text.substring(bar + 1));
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw GatewayError.invalidRequest("cursor", "cursor: not a cursor from this endpoint's next_cursor");
      }
    }
  }

  /** Reads a query string; every bad parameter is a 400 naming it. */
  public static RequestLogQuery parse(MultiMap params) {
    String tenant = params.get("tenant");
    LocalDate from = ReportQuery.date(params, "from", null);
    LocalDate to = ReportQuery.date(params, "to", null);
    if (from != null && to != null && !from.isBefore(to)) {
      throw GatewayError.invalidRequest("from", "from: " + from + " must be before to: " + to + " (to is exclusive)");
    }
    int limit = DEFAULT_LIMIT;
    String given = params.get("limit");
    if (given != null && !given.isBlank()) {
      try {
        limit = Integer.parseInt(given.strip());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw GatewayError.invalidRequest("limit", "limit: must be a whole number from 1 to " + MAX_LIMIT
            + ", was '" + given + "'");
      }
    }
    String cursor = params.get("cursor");
    return new RequestLogQuery(tenant == null || tenant.isBlank() ? null : tenant.strip(), from, to, limit,
        cursor == null || cursor.isBlank() ? null : Position.of(cursor.strip()));
  }
}
