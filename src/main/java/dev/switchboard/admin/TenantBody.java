package dev.switchboard.admin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.tenant.TenantLimits;
import dev.switchboard.tenant.TenantSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks the JSON body of {@code POST /admin/tenants} and {@code PATCH /admin/tenants/{id}}:
 * {@code {id, models, budget:{daily_usd, monthly_usd}, limits:{rpm, tpm}}}. Every bad field is reported
 * (400, {@code param} = the first, {@code errors} = all, each naming its field). Amounts are read as exact
 * decimals (JSON numbers or decimal strings); {@code null} clears a budget in a PATCH.
 */
final class TenantBody {
  static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final BigDecimal MAX_BUDGET = new BigDecimal("1000000000");
  private static final long MAX_RPM = 100_000_000L;
  private static final long MAX_TPM = 10_000_000_000L;

  private final Set<String> knownModels;
  private final Map<String, String> problems = new LinkedHashMap<>();

  private TenantBody(Set<String> knownModels) {
    this.knownModels = knownModels;
  }

  /** A new tenant from a {@code POST} body; {@code models} and {@code id} are required. */
  static TenantSpec create(byte[] body, Set<String> knownModels, Instant now) {
    TenantBody reader = new TenantBody(knownModels);
    JsonNode root = reader.object(body, Set.of("id", "models", "budget", "limits"));
    String id = reader.id(root.get("id"));
    List<String> models = reader.models(root.get("models"), true);
    TenantLimits limits = reader.limits(root, TenantLimits.NONE);
    reader.throwIfBad();
    return new TenantSpec(id, models, limits, TenantSpec.Source.API, now);
  }

  /** {@code current} with the fields of a {@code PATCH} body replaced; absent fields stay as they were. */
  static TenantSpec patch(byte[] body, TenantSpec current, Set<String> knownModels) {
    TenantBody reader = new TenantBody(knownModels);
    JsonNode root = reader.object(body, Set.of("id", "models", "budget", "limits"));
    JsonNode id = root.get("id");
    if (id != null && !(id.isTextual() && id.asText().equals(current.id()))) {
      reader.problems.put("id", "the id of a tenant cannot be changed");
    }
    List<String> models = root.has("models") ? reader.models(root.get("models"), true) : current.models();
    TenantLimits limits = reader.limits(root, current.limits());
    reader.throwIfBad();
    return new TenantSpec(current.id(), models, limits, current.source(), current.created());
  }

  private JsonNode object(byte[] body, Set<String> allowed) {
    JsonNode root;
    try {
      root = body == null || body.length == 0 ? null : READER.readTree(body);
    } catch (IOException e) {
      throw GatewayError.invalidRequest(null, "the body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw GatewayError.invalidRequest(null, "the body must be a JSON object");
    }
    unknownFields(root, "", allowed);
    return root;
  }

  private void unknownFields(JsonNode node, String prefix, Set<String> allowed) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        problems.put(prefix + name, "unknown field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }

  private String id(JsonNode node) {
    if (node == null || node.isNull()) {
      problems.put("id", "required");
      return null;
    }
    if (!node.isTextual() || !TENANT_ID.matcher(node.asText()).matches()) {
      problems.put("id", "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
      return null;
    }
    return node.asText();
  }

  private List<String> models(JsonNode node, boolean required) {
    if (node == null || node.isNull()) {
      if (required) {
        problems.put("models", "required: a list of public model names, or [\"*\"] for all");
      }
      return List.of();
    }
    if (!node.isArray() || node.isEmpty()) {
      problems.put("models", "must be a non-empty list of public model names, or [\"*\"] for all");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode m = node.get(i);
      if (!m.isTextual()) {
        problems.put("models[" + i + "]", "must be a string");
      } else if (!m.asText().equals("*") && !knownModels.contains(m.asText())) {
        problems.put("models[" + i + "]", "unknown model '" + m.asText() + "'");
      } else if (!out.contains(m.asText())) {
        out.add(m.asText());
      }
    }
    return out;
  }

  private TenantLimits limits(JsonNode root, TenantLimits current) {
    BigDecimal daily = current.dailyBudgetUsd();
    BigDecimal monthly = current.monthlyBudgetUsd();
    long rpm = current.rpm();
    long tpm = current.tpm();
    JsonNode budget = root.get("budget");
    if (budget != null && !budget.isNull()) {
      if (!budget.isObject()) {
        problems.put("budget", "must be an object {daily_usd, monthly_usd}");
      } else {
        unknownFields(budget, "budget.", Set.of("daily_usd", "monthly_usd"));
        daily = budget.has("daily_usd") ? amount(budget.get("daily_usd"), "budget.daily_usd") : daily;
        monthly = budget.has("monthly_usd") ? amount(budget.get("monthly_usd"), "budget.monthly_usd") : monthly;
      }
    }
    JsonNode limits = root.get("limits");
    if (limits != null && !limits.isNull()) {
      if (!limits.isObject()) {
        problems.put("limits", "must be an object {rpm, tpm}");
      } else {
        unknownFields(limits, "limits.", Set.of("rpm", "tpm"));
        rpm = limits.has("rpm") ? count(limits.get("rpm"), "limits.rpm", MAX_RPM) : rpm;
        tpm = limits.has("tpm") ? count(limits.get("tpm"), "limits.tpm", MAX_TPM) : tpm;
      }
    }
    return new TenantLimits(daily, monthly, rpm, tpm);
  }

  private BigDecimal amount(JsonNode node, String field) {
    if (node.isNull()) {
      return null;
    }
    BigDecimal value = null;
    if (node.isNumber()) {
      value = node.decimalValue();
    } else if (node.isTextual()) {
      try {
        value = new BigDecimal(node.asText().trim());
      } catch (NumberFormatException e) {
        value = null;
      }
    }
    if (value == null || value.signum() < 0 || value.compareTo(MAX_BUDGET) > 0) {
      problems.put(field, "must be a decimal amount of USD from 0 to " + MAX_BUDGET.toPlainString() + ", or null for none");
      return null;
    }
    return value.stripTrailingZeros().scale() < 0 ? value.setScale(0) : value.stripTrailingZeros();
  }

  private long count(JsonNode node, String field, long max) {
    if (!node.isIntegralNumber() || node.asLong() < 0 || node.asLong() > max || !node.canConvertToLong()) {
      problems.put(field, "must be a whole number from 0 (unlimited) to " + max);
      return 0;
    }
    return node.asLong();
  }

  private void throwIfBad() {
    if (problems.isEmpty()) {
      return;
    }
    List<Map<String, String>> errors = new ArrayList<>();
    problems.forEach((field, message) -> errors.add(Map.of("param", field, "message", message)));
    String message = "invalid tenant: " + String.join("; ",
        problems.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
    Map.Entry<String, String> first = problems.entrySet().iterator().next();
    throw new GatewayError(400, "invalid_request_error", "invalid_request", first.getKey(), message, Map.of(),
        Map.of("errors", errors));
  }
}
