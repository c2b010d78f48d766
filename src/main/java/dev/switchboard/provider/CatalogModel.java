package dev.switchboard.provider;

import java.math.BigDecimal;

/**
 * One model in the provider catalog: its kind, limits and list prices in USD per million tokens
 * (exact decimals; null when the catalog gives no price of that kind).
 */
public record CatalogModel(String name, String mode, int contextWindow, int maxOutputTokens,
                           BigDecimal inputPerMtok, BigDecimal outputPerMtok, BigDecimal cachedInputPerMtok,
                           BigDecimal reasoningPerMtok) {}
