package dev.switchboard.provider.vertex;

import dev.switchboard.provider.AdapterContractTest;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.ProviderAdapter;

/**
 * The Vertex adapter's Gemini publisher against the shared adapter contract. Vertex AI answers with the same
 * {@code GenerateContentResponse} bodies and Google error bodies as the Generative Language API, so the Gemini
 * fixtures are reused as they are.
 */
class VertexGeminiContractTest extends AdapterContractTest {

  @Override
  protected ProviderAdapter adapter() {
    return new VertexAdapter(VertexFixtures.tokens());
  }

  @Override
  protected Deployment deployment() {
    return VertexFixtures.deployment("gemini-2.5-flash");
  }

  @Override
  protected String fixtureDir() {
    return "gemini";
  }

  @Override
  protected String authHeaderName() {
    return "authorization";
  }

  @Override
  protected String authHeaderValue() {
    return "Bearer " + VertexFixtures.TOKEN;
  }

  @Override
  protected ExpectedText expectedText() {
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
