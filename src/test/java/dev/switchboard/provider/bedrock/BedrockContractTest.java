package dev.switchboard.provider.bedrock;

import dev.switchboard.provider.AdapterContractTest;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.UpstreamRequest;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The Bedrock adapter against the shared adapter contract, with fixtures shaped after the Converse documentation;
 * stream fixtures are encoded into binary event-stream frames. The expected {@code Authorization} header is
 * computed by the independent {@link SigV4Check} over the request the adapter built.
 */
class BedrockContractTest extends AdapterContractTest {

  @Override
  protected ProviderAdapter adapter() {
    return BedrockFixtures.adapter();
  }

  @Override
  protected Deployment deployment() {
    return BedrockFixtures.deployment();
  }

  @Override
  protected String fixtureDir() {
    return "bedrock";
  }

  @Override
  protected byte[] streamBytes(String fixtureName) {
    return EventStreamFixtures.resource(fixtureName);
  }

  @Override
  protected String secret() {
    return BedrockFixtures.SECRET;
  }

  @Override
  protected String authHeaderName() {
    return "authorization";
  }

  @Override
  protected String authHeaderValue() {
    UpstreamRequest up = adapter().chatRequest(simpleRequest(false), deployment(), false);
    URI uri = URI.create(up.url());
    Map<String, String> signed = new HashMap<>();
    for (String name : new String[] {"accept", "content-type", "x-amz-content-sha256", "x-amz-date"}) {
      signed.put(name, up.headers().get(name));
    }
    signed.put("host", uri.getAuthority());
    return "AWS4-HMAC-SHA256 Credential=" + BedrockFixtures.KEY_ID + "/20261204/us-west-2/bedrock/aws4_request, "
        + "SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date, Signature="
        + SigV4Check.signature("POST", uri.getRawPath(), "", signed, up.body().getBytes(), BedrockFixtures.SECRET,
        "20261204T173000Z", "us-west-2", "bedrock");
  }

  @Override
  protected ExpectedText expectedText() {
    return new ExpectedText("Hello! I'm doing well. How can I help you today?", "stop", 21, 16);
  }

  @Override
  protected ExpectedText expectedStreamText() {
    return new ExpectedText("Amazon Bedrock is a fully managed service.", "stop", 25, 9);
  }

  @Override
  protected ExpectedToolCall expectedToolCall() {
    return new ExpectedToolCall("get_weather", "{\"location\":\"Paris\"}");
  }

  @Override
  protected ExpectedToolCall expectedStreamToolCall() {
    return new ExpectedToolCall("get_weather", "{\"location\":\"Paris\"}");
  }
}
