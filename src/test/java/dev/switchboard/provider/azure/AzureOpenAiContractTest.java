package dev.switchboard.provider.azure;

import dev.switchboard.provider.AdapterContractTest;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.ProviderAdapter;

/** The Azure OpenAI endpoint of the OpenAI adapter against the shared contract, with Azure-shaped fixtures. */
class AzureOpenAiContractTest extends AdapterContractTest {

  @Override
  protected ProviderAdapter adapter() {
    return AzureOpenAiProviderFactory.adapter();
  }

  @Override
  protected Deployment deployment() {
    return AzureFixtures.withKey("2024-10-21", "gpt-4o-prod");
  }

  @Override
  protected String fixtureDir() {
    return "azure-openai";
  }

  @Override
  protected String authHeaderName() {
    return "api-key";
  }

  @Override
  protected String authHeaderValue() {
    return AzureFixtures.KEY;
  }

  @Override
  protected ExpectedText expectedText() {
    return new ExpectedText("Hello from Azure!", "stop", 14, 4);
  }

  @Override
  protected ExpectedText expectedStreamText() {
    return new ExpectedText("Hello from Azure!", "stop", 14, 4);
  }

  @Override
  protected ExpectedToolCall expectedToolCall() {
    return new ExpectedToolCall("get_weather", "{\"location\":\"Paris, FR\"}");
  }

  @Override
  protected ExpectedToolCall expectedStreamToolCall() {
    return new ExpectedToolCall("get_weather", "{\"location\":\"Paris, FR\"}");
  }
}
