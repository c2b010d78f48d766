package dev.switchboard.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Usage;

/**
 * The billable token counts of one response, read from {@link Usage} by the convention every adapter follows:
 * {@code prompt} includes cache reads ({@code prompt_tokens_details.cached_tokens}) and cache writes
 * ({@code cache_creation_input_tokens}); {@code completion} includes reasoning
 * ({@code completion_tokens_details.reasoning_tokens}).
 *
 * @param estimated the counts were computed by the gateway's tokenizer, not reported by the upstream
 */
public record TokenCounts(long prompt, long completion, long cached, long cacheWrite, long reasoning,
                          boolean estimated) {

  /** No tokens at all. */
  public static final TokenCounts NONE = new TokenCounts(0, 0, 0, 0, 0, false);

  /** The counts of {@code usage}; a null usage counts as none. */
  public static TokenCounts of(Usage usage) {
    if (usage == null) {
      return NONE;
    }
    return new TokenCounts(Math.max(0, usage.promptTokens()), Math.max(0, usage.completionTokens()),
        count(usage.extra().get("prompt_tokens_details"), "cached_tokens"),
        count(usage.extra().get("cache_creation_input_tokens")),
        count(usage.extra().get("completion_tokens_details"), "reasoning_tokens"),
        usage.extra().get("estimated") != null && usage.extra().get("estimated").asBoolean(false));
  }

  /** Prompt tokens that were neither read from nor written to a cache. */
  public long uncachedPrompt() {
    return Math.max(0, prompt - cached - cacheWrite);
  }

  /** Completion tokens that are not reasoning tokens. */
  public long visibleCompletion() {
    return Math.max(0, completion - reasoning);
  }

  /** True when nothing was produced or consumed. */
  public boolean isEmpty() {
    return prompt == 0 && completion == 0;
  }

  private static long count(JsonNode details, String field) {
    return details == null ? 0 : count(details.get(field));
  }

  private static long count(JsonNode node) {
    return node != null && node.canConvertToLong() ? Math.max(0, node.asLong()) : 0;
  }
}
