package dev.switchboard.provider.gemini;

import dev.switchboard.provider.AdapterContractTest;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.ProviderAdapter;

/** The Gemini adapter against the shared adapter contract, with fixtures after Google's documented examples. */
public class GeminiContractTest extends AdapterContractTest {

  @Override
  protected ProviderAdapter adapter() {
    return new GeminiAdapter();
  }

  @Override
  protected Deployment deployment() {
    return GeminiFixtures.deployment();
  }

  @Override
  protected String fixtureDir() {
    return "gemini";
  }

  @Override
  protected String authHeaderName() {
    return "x-goog-api-key";
  }

  @Override
  protected String authHeaderValue() {
    return GeminiFixtures.KEY;
  }

  @Override
  protected ExpectedText expectedText() {
    // completion = candidatesTokenCount 17 + thoughtsTokenCount 225
    return new ExpectedText("AI learns patterns from data to make predictions or decisions without being explicitly "
        + "programmed.", "stop", 8, 242);
  }

  @Override
  protected ExpectedText expectedStreamText() {
    return new ExpectedText("The quick brown fox jumps over the lazy dog.", "stop", 10, 30);
  }

  @Override
  protected ExpectedToolCall expectedToolCall() {
    return new ExpectedToolCall("set_light_values", "{\"brightness\":25,\"color_temp\":\"warm\"}");
  }

  @Override
  protected ExpectedToolCall expectedStreamToolCall() {
    return new ExpectedToolCall("set_light_values", "{\"brightness\":25,\"color_temp\":\"warm\"}");
  }
}
