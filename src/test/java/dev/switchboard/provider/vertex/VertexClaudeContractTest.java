package dev.switchboard.provider.vertex;

import dev.switchboard.provider.AdapterContractTest;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.ProviderAdapter;

/**
 * The Vertex adapter's Anthropic publisher (Claude over {@code rawPredict}) against the shared adapter contract.
 * Vertex AI answers with the Messages API's bodies, stream events and error bodies, so the Anthropic fixtures are
 * reused as they are.
 */
class VertexClaudeContractTest extends AdapterContractTest {

  @Override
  protected ProviderAdapter adapter() {
    return new VertexAdapter(VertexFixtures.tokens());
  }

  @Override
  protected Deployment deployment() {
    return VertexFixtures.deployment("claude-sonnet-4-5");
  }

  @Override
  protected String fixtureDir() {
    return "anthropic";
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
    return new ExpectedText("Hi! My name is Claude.", "stop", 2095, 503);
  }

  @Override
  protected ExpectedText expectedStreamText() {
    return new ExpectedText("Hello! How can I help you today?", "stop", 25, 15);
  }

  @Override
  protected ExpectedToolCall expectedToolCall() {
    return new ExpectedToolCall("get_weather", "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}");
  }

  @Override
  protected ExpectedToolCall expectedStreamToolCall() {
    return new ExpectedToolCall("get_weather", "{\"location\":\"San Francisco, CA\",\"unit\":\"fahrenheit\"}");
  }
}
