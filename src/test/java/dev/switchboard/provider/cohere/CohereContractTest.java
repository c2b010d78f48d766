package dev.switchboard.provider.cohere;

import dev.switchboard.provider.AdapterContractTest;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.ProviderAdapter;

/** The Cohere adapter against the shared adapter contract, with fixtures shaped after Cohere's documented examples. */
class CohereContractTest extends AdapterContractTest {

  @Override
  protected ProviderAdapter adapter() {
    return new CohereAdapter();
  }

  @Override
  protected Deployment deployment() {
    return CohereFixtures.deployment();
  }

  @Override
  protected String fixtureDir() {
    return "cohere";
  }

  @Override
  protected String authHeaderName() {
    return "authorization";
  }

  @Override
  protected String authHeaderValue() {
    return "Bearer " + CohereFixtures.KEY;
  }

  @Override
  protected ExpectedText expectedText() {
    return new ExpectedText("Hello! How can I help you today?", "stop", 496, 11);
  }

  @Override
  protected ExpectedText expectedStreamText() {
    return new ExpectedText("A large language model (LLM) predicts text.", "stop", 72, 10);
  }

  @Override
  protected ExpectedToolCall expectedToolCall() {
    return new ExpectedToolCall("get_weather", "{\"location\":\"Toronto\"}");
  }

  @Override
  protected ExpectedToolCall expectedStreamToolCall() {
    return new ExpectedToolCall("get_weather", "{\"location\":\"Toronto\"}");
  }
}
