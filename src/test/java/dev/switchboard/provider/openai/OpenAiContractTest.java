package dev.switchboard.provider.openai;

import dev.switchboard.provider.AdapterContractTest;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.ProviderAdapter;

/** The OpenAI adapter against the shared adapter contract, with OpenAI's documented examples. */
class OpenAiContractTest extends AdapterContractTest {

  @Override
  protected ProviderAdapter adapter() {
    return new OpenAiAdapter();
  }

  @Override
  protected Deployment deployment() {
    return OpenAiFixtures.deployment();
  }

  @Override
  protected String fixtureDir() {
    return "openai";
  }

  @Override
  protected String authHeaderName() {
    return "authorization";
  }

  @Override
  protected String authHeaderValue() {
    return "Bearer " + OpenAiFixtures.KEY;
  }

  @Override
  protected ExpectedText expectedText() {
    return new ExpectedText("Hello! How can I assist you today?", "stop", 19, 10);
  }

  @Override
  protected ExpectedText expectedStreamText() {
    return new ExpectedText("Hello! How can I help?", "stop", 9, 6);
  }

  @Override
  protected ExpectedToolCall expectedToolCall() {
    return new ExpectedToolCall("get_current_weather", "{\"location\":\"Boston, MA\"}");
  }

  @Override
  protected ExpectedToolCall expectedStreamToolCall() {
    return new ExpectedToolCall("get_current_weather", "{\"location\":\"Boston, MA\"}");
  }
}
