package dev.switchboard.provider.vertex;

import dev.switchboard.provider.anthropic.AnthropicContractTest;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.ProviderAdapter;

/**
 * The Vertex adapter's Anthropic publisher (Claude over {@code rawPredict}) against the shared adapter contract.
 * Vertex AI answers with the Messages API's bodies, stream events and error bodies, so the Anthropic contract test
 * runs as it is (its fixtures and expectations), with Vertex's adapter, deployment and OAuth2 bearer token.
 */
class VertexClaudeContractTest extends AnthropicContractTest {

  @Override
  protected ProviderAdapter adapter() {
    return new VertexAdapter(VertexFixtures.tokens());
  }

  @Override
  protected Deployment deployment() {
    return VertexFixtures.deployment("claude-sonnet-4-5");
  }

  @Override
  protected String authHeaderName() {
    return "authorization";
  }

  @Override
  protected String authHeaderValue() {
    return "Bearer " + VertexFixtures.TOKEN;
  }
}
