package dev.switchboard.provider;

import java.math.BigDecimal;

/**
 * One model in the provider catalog: its kind, limits, capabilities and list prices in USD per million
 * tokens (exact decimals; null when the catalog gives no price of that kind). A capability flag is null
 * when the catalog does not say, which the gateway treats as "may be supported".
 */
public record CatalogModel(String name, String mode, int contextWindow, int maxOutputTokens,
                           BigDecimal inputPerMtok, BigDecimal outputPerMtok, BigDecimal cachedInputPerMtok,
                           BigDecimal cacheWritePerMtok, BigDecimal reasoningPerMtok, Boolean tools, Boolean vision,
                           Boolean jsonSchema) {}
