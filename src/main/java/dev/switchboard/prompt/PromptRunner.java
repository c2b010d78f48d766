package dev.switchboard.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Usage;
import dev.switchboard.routing.Forward;
import dev.switchboard.routing.ModelGroup;
import dev.switchboard.routing.ModelRouter;
import dev.switchboard.routing.Routed;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a non-streamed prompt call through the router (so routing, failover and fallbacks apply). With an output
 * schema, the reply is parsed as JSON and validated; an invalid reply is sent back once with what was wrong,
 * and a second invalid reply is a 502 {@code invalid_output} listing the problems.
 */
public final class PromptRunner {
  /**
   * What a call produced.
   *
   * @param output the validated JSON (with an output schema) or the reply text
   * @param usage  the tokens of every upstream call it took, summed
   * @param calls  each routed answer, in order (one, or two after a retry)
   */
  public record Outcome(JsonNode output, Usage usage, List<Routed<ChatResponse>> calls) {}

  private PromptRunner() {}

  public static Future<Outcome> complete(Prompt prompt, ChatRequest request, ModelGroup group, ModelRouter router,
                                         Forward forward) {
    List<Routed<ChatResponse>> calls = new ArrayList<>();
    return router.complete(request, group, forward).compose(first -> {
      calls.add(first);
      String reply = text(first.value());
      if (prompt.output() == null) {
        return Future.succeededFuture(new Outcome(dev.switchboard.api.Json.MAPPER.getNodeFactory().textNode(reply),
            sum(calls), calls));
      }
      JsonNode[] parsed = new JsonNode[1];
      List<PromptException.Problem> problems = PromptRequests.checkOutput(prompt, reply, parsed);
      if (problems.isEmpty()) {
        return Future.succeededFuture(new Outcome(parsed[0], sum(calls), calls));
      }
      return router.complete(PromptRequests.retry(request, reply, problems), group, forward).compose(second -> {
        calls.add(second);
        List<PromptException.Problem> again = PromptRequests.checkOutput(prompt, text(second.value()), parsed);
        if (again.isEmpty()) {
          return Future.succeededFuture(new Outcome(parsed[0], sum(calls), calls));
        }
        return Future.failedFuture(new PromptOutputException(calls, invalidOutput(prompt, again)));
      });
    });
  }

  /** The reply was still invalid after the retry; {@code calls} produced tokens that must be billed all the same. */
  public static final class PromptOutputException extends RuntimeException {
    private final transient List<Routed<ChatResponse>> calls;
    private final GatewayError error;

    PromptOutputException(List<Routed<ChatResponse>> calls, GatewayError error) {
      super(error.getMessage());
      this.calls = List.copyOf(calls);
      this.error = error;
    }

    public List<Routed<ChatResponse>> calls() {
      return calls;
    }

    public GatewayError error() {
      return error;
    }
  }

  private static GatewayError invalidOutput(Prompt prompt, List<PromptException.Problem> problems) {
    GatewayError invalid = PromptRequests.invalid("invalid_output", "", problems);
    return new GatewayError(502, "api_error", "invalid_output", null, "the model's reply to prompt '" + prompt.name()
        + "' did not satisfy its output schema after one retry: " + invalid.getMessage(), Map.of(), invalid.details());
  }

  private static String text(ChatResponse response) {
    if (response.choices() == null || response.choices().isEmpty() || response.choices().get(0).message() == null) {
      return "";
    }
    String text = response.choices().get(0).message().textContent();
    return text == null ? "" : text;
  }

  private static Usage sum(List<Routed<ChatResponse>> calls) {
    int prompt = 0;
    int completion = 0;
    for (Routed<ChatResponse> c : calls) {
      Usage u = c.value().usage();
      if (u != null) {
        prompt += u.promptTokens();
        completion += u.completionTokens();
      }
    }
    return Usage.of(prompt, completion);
  }
}
