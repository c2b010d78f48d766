package dev.switchboard.provider.ollama;

import dev.switchboard.provider.AdapterContractTest;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.ProviderAdapter;

/** The Ollama adapter against the shared adapter contract, with fixtures after Ollama's documented examples. */
class OllamaContractTest extends AdapterContractTest {

  @Override
  protected ProviderAdapter adapter() {
    return new OllamaAdapter();
  }

  @Override
  protected Deployment deployment() {
    return OllamaFixtures.deployment();
  }

  @Override
  protected String fixtureDir() {
    return "ollama";
  }

  @Override
  protected String authHeaderName() {
    return "authorization";
  }

  @Override
  protected String authHeaderValue() {
    return "Bearer " + OllamaFixtures.KEY;
  }

  @Override
  protected ExpectedText expectedText() {
    return new ExpectedText(
        "The sky looks blue because air scatters short blue wavelengths of sunlight more than red ones.", "stop", 26, 19);
  }

  @Override
  protected ExpectedText expectedStreamText() {
    return new ExpectedText("Rayleigh scattering makes it blue.", "stop", 26, 5);
  }

  @Override
  protected ExpectedToolCall expectedToolCall() {
    return new ExpectedToolCall("get_weather", "{\"location\":\"Paris, FR\",\"format\":\"celsius\"}");
  }

  @Override
  protected ExpectedToolCall expectedStreamToolCall() {
    return new ExpectedToolCall("get_weather", "{\"location\":\"Paris, FR\"}");
  }
}
