package dev.switchboard.provider.vertex;

import dev.switchboard.provider.gemini.GeminiContractTest;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.ProviderAdapter;

/**
 * The Vertex adapter's Gemini publisher against the shared adapter contract. Vertex AI answers with the same
 * {@code GenerateContentResponse} bodies and Google error bodies as the Generative Language API, so the Gemini
 * contract test runs as it is (its fixtures and expectations), with Vertex's adapter, deployment and OAuth2
 * bearer token.
 */
class VertexGeminiContractTest extends GeminiContractTest {

  @Override
  protected ProviderAdapter adapter() {
    return new VertexAdapter(VertexFixtures.tokens());
  }

  @Override
  protected Deployment deployment() {
    return VertexFixtures.deployment("gemini-2.5-flash");
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
