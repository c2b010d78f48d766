package dev.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.Json;
import dev.switchboard.api.Usage;
import dev.switchboard.config.DeploymentConfig;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.CatalogModel;
import dev.switchboard.provider.Deployment;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exact costs: catalog prices, per-field overrides, cache and reasoning tokens, unknown prices, sums of thousands. */
class PricingTest {
  static final ProviderConfig PROVIDER = new ProviderConfig("p", "openai", "http://127.0.0.1:9/v1", "", 1000, 1000, 1,
      Map.of());

  static CatalogModel catalog(String input, String output, String cached, String cacheWrite, String reasoning) {
    return new CatalogModel("m", "chat", 128_000, 16_384, dec(input), dec(output), dec(cached), dec(cacheWrite),
        dec(reasoning), true, true, true);
  }

  static Deployment deployment(CatalogModel catalog, DeploymentConfig.Price price) {
    return new Deployment("p/m", PROVIDER, "m", 1, price, catalog);
  }

  static BigDecimal dec(String value) {
    return value == null ? null : new BigDecimal(value);
  }

  static Usage usage(int prompt, int completion, int cached, int cacheWrite, int reasoning) {
    String json = """
        {"prompt_tokens":%d,"completion_tokens":%d,"prompt_tokens_details":{"cached_tokens":%d},
         "cache_creation_input_tokens":%d,"completion_tokens_details":{"reasoning_tokens":%d}}"""
        .formatted(prompt, completion, cached, cacheWrite, reasoning);
    try {
      return Json.MAPPER.readValue(json, Usage.class);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void promptAndCompletionAtCatalogPrices() {
    Deployment d = deployment(catalog("2.5", "10", null, null, null), null);
    Pricing.Cost cost = Pricing.cost(TokenCounts.of(Usage.of(1234, 567)), d);
    // 1234 * 2.5 / 1e6 + 567 * 10 / 1e6 = 0.003085 + 0.00567
    assertEquals(new BigDecimal("0.0087550000"), cost.usd());
    assertEquals(Pricing.SCALE, cost.usd().scale());
    assertTrue(cost.priced());
    assertEquals("0.008755", Pricing.format(cost.usd()));
  }

  @Test
  void cacheReadsCacheWritesAndReasoningHaveTheirOwnPrices() {
    Deployment d = deployment(catalog("3", "15", "0.3", "3.75", "20"), null);
    // prompt 10000 = 6000 uncached + 3000 cache reads + 1000 cache writes; completion 2000 = 500 reasoning + 1500
    Pricing.Cost cost = Pricing.cost(TokenCounts.of(usage(10_000, 2_000, 3_000, 1_000, 500)), d);
    BigDecimal expected = new BigDecimal("0.018").add(new BigDecimal("0.0009")).add(new BigDecimal("0.00375"))
        .add(new BigDecimal("0.0225")).add(new BigDecimal("0.01"));
    assertEquals(0, expected.compareTo(cost.usd()), cost.usd().toPlainString());
  }

  @Test
  void withoutCacheOrReasoningPricesThoseTokensCostTheInputAndOutputPrice() {
    Deployment d = deployment(catalog("1", "4", null, null, null), null);
    Pricing.Cost split = Pricing.cost(TokenCounts.of(usage(1_000, 800, 400, 100, 300)), d);
    Pricing.Cost plain = Pricing.cost(TokenCounts.of(Usage.of(1_000, 800)), d);
    assertEquals(plain.usd(), split.usd());
    assertEquals(new BigDecimal("0.0042000000"), plain.usd());
  }

  @Test
  void theDeploymentOverrideWinsFieldByField() {
    CatalogModel listed = catalog("2.5", "10", "1.25", null, null);
    Deployment d = deployment(listed, new DeploymentConfig.Price(new BigDecimal("2"), null, null, null,
        new BigDecimal("12")));
    Prices p = Prices.of(d);
    assertEquals(new BigDecimal("2"), p.input());
    assertEquals(new BigDecimal("10"), p.output());
    assertEquals(new BigDecimal("1.25"), p.cachedInput());
    assertEquals(new BigDecimal("12"), p.reasoning());
    Pricing.Cost cost = Pricing.cost(TokenCounts.of(usage(1_000_000, 1_000_000, 0, 0, 250_000)), d);
    assertEquals(new BigDecimal("2").add(new BigDecimal("7.5")).add(new BigDecimal("3")).setScale(10), cost.usd());
  }

  @Test
  void anUnknownPriceCostsNothingAndIsMarkedUnpriced() {
    Pricing.Cost noCatalog = Pricing.cost(TokenCounts.of(Usage.of(10, 10)), deployment(null, null));
    assertFalse(noCatalog.priced());
    assertEquals(0, noCatalog.usd().signum());
    Pricing.Cost noOutputPrice = Pricing.cost(TokenCounts.of(Usage.of(10, 10)),
        deployment(catalog("1", null, null, null, null), null));
    assertFalse(noOutputPrice.priced());
    Pricing.Cost embeddings = Pricing.cost(TokenCounts.of(Usage.of(10, 0)),
        deployment(catalog("0.02", null, null, null, null), null));
    assertTrue(embeddings.priced(), "no output tokens, so no output price is needed");
    assertEquals(new BigDecimal("0.0000002000"), embeddings.usd());
  }

  @Test
  void estimateCountsEveryPromptTokenAndTheMaximumOutputAtTheHigherPrice() {
    Deployment d = deployment(catalog("3", "15", "0.3", null, "20"), null);
    assertEquals(new BigDecimal("0.0230000000"), Pricing.estimate(d, 1_000, 1_000));
    assertEquals(0, Pricing.estimate(deployment(null, null), 1_000, 1_000).signum());
  }

  @Test
  void estimatedUsageIsMarked() {
    Usage u = Usage.of(5, 5);
    u.extra().put("estimated", Json.MAPPER.getNodeFactory().booleanNode(true));
    assertTrue(TokenCounts.of(u).estimated());
    assertFalse(TokenCounts.of(Usage.of(5, 5)).estimated());
  }

  /** Thousands of requests with random counts at odd prices, against integer arithmetic in 1e-10 USD units. */
  @Test
  void thousandsOfCostsSumExactly() {
    Random random = new Random(42);
    Deployment[] deployments = {
        deployment(catalog("0.15", "0.6", "0.075", null, null), null),
        deployment(catalog("3", "15", "0.3", "3.75", null), null),
        deployment(catalog("1.1", "4.4", "0.275", null, "4.4"), new DeploymentConfig.Price(null, new BigDecimal("4.4"),
            null, null, null)),
        deployment(catalog("0.0375", "0.1234", null, null, null), null)};
    long[][] unitsPerToken = { // price per Mtok * 10^4 = 1e-10 USD per token: input, output, cached, write, reasoning
        {1_500, 6_000, 750, 1_500, 6_000}, {30_000, 150_000, 3_000, 37_500, 150_000},
        {11_000, 44_000, 2_750, 11_000, 44_000}, {375, 1_234, 375, 375, 1_234}};
    BigDecimal sum = BigDecimal.ZERO;
    long expectedUnits = 0;
    for (int i = 0; i < 5_000; i++) {
      int which = random.nextInt(deployments.length);
      int prompt = random.nextInt(200_000);
      int cached = random.nextInt(prompt + 1) / 2;
      int write = which == 1 ? random.nextInt(prompt - cached + 1) : 0;
      int completion = random.nextInt(20_000);
      int reasoning = random.nextInt(completion + 1) / 3;
      sum = sum.add(Pricing.cost(TokenCounts.of(usage(prompt, completion, cached, write, reasoning)),
          deployments[which]).usd());
      long[] u = unitsPerToken[which];
      expectedUnits += (long) (prompt - cached - write) * u[0] + (long) (completion - reasoning) * u[1]
          + (long) cached * u[2] + (long) write * u[3] + (long) reasoning * u[4];
    }
    assertEquals(BigDecimal.valueOf(expectedUnits).movePointLeft(10), sum);
  }

  @Test
  void countsReadTheUsageConvention() {
    TokenCounts t = TokenCounts.of(usage(100, 50, 30, 20, 10));
    assertEquals(new TokenCounts(100, 50, 30, 20, 10, false), t);
    assertEquals(50, t.uncachedPrompt());
    assertEquals(40, t.visibleCompletion());
  }
}
