package dev.switchboard.provider.anthropic;

import dev.switchboard.provider.AdapterContractTest;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.ProviderAdapter;

/** The Anthropic adapter against the shared adapter contract, with Anthropic's documented examples. */
public class AnthropicContractTest extends AdapterContractTest {

  @Override
  protected ProviderAdapter adapter() {
    return new AnthropicAdapter();
  }

  @Override
  protected Deployment deployment() {
    return AnthropicFixtures.deployment();
  }

  @Override
  protected String fixtureDir() {
    return "anthropic";
  }

  @Override
  protected String authHeaderName() {
    return "x-api-key";
  }

  @Override
  protected String authHeaderValue() {
    return AnthropicFixtures.KEY;
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
