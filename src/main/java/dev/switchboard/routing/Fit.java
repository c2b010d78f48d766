package dev.switchboard.routing;

import dev.switchboard.api.ChatMessage;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.provider.CatalogModel;
import java.util.function.IntSupplier;

/**
 * Whether a deployment can serve a chat request at all, judged from the catalog before any upstream call:
 * images to a text-only model, tools to a model without tool use, a prompt (plus {@code max_tokens}) larger
 * than the context window, or {@code max_tokens} above the model's output limit. Unknown models always fit.
 */
final class Fit {
  /** Why a target does not fit; {@code context} marks a prompt too long for the window. */
  record Misfit(Target target, String reason, boolean context) {}

  private Fit() {}

  /** The misfit, or null when the target can take the request. {@code promptTokens} is computed at most once by the caller. */
  static Misfit check(ChatRequest request, Target target, IntSupplier promptTokens) {
    CatalogModel model = target.deployment().catalog();
    if (model == null) {
      return null;
    }
    if (Boolean.FALSE.equals(model.vision()) && hasImages(request)) {
      return new Misfit(target, "does not accept images", false);
    }
    if (Boolean.FALSE.equals(model.tools()) && request.tools() != null && !request.tools().isEmpty()) {
      return new Misfit(target, "does not support tools", false);
    }
    int output = request.outputTokenLimit() == null ? 0 : request.outputTokenLimit();
    if (model.maxOutputTokens() > 0 && output > model.maxOutputTokens()) {
      return new Misfit(target, "max_tokens " + output + " is above its output limit of " + model.maxOutputTokens(), false);
    }
    if (model.contextWindow() > 0) {
      int prompt = promptTokens.getAsInt();
      if (prompt + output > model.contextWindow()) {
        return new Misfit(target, "the prompt (about " + prompt + " tokens" + (output > 0 ? " plus max_tokens " + output : "")
            + ") exceeds its context window of " + model.contextWindow() + " tokens", true);
      }
    }
    return null;
  }

  private static boolean hasImages(ChatRequest request) {
    for (ChatMessage m : request.messages()) {
      if (m.content() != null && m.content().isParts()
          && m.content().parts().stream().anyMatch(p -> "image_url".equals(p.type()))) {
        return true;
      }
    }
    return false;
  }
}
