package dev.switchboard.provider.bedrock;

import static dev.switchboard.provider.bedrock.BedrockFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.provider.UpstreamRequest;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenAI requests as Converse calls: URL, signing headers and body, and the requests Converse cannot express. */
class BedrockRequestMappingTest {
  private static final String HELLO = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
  private static final String TOOLS = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
      + "\"parameters\":{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}}}}},"
      + "{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}]";

  private static JsonNode body(UpstreamRequest up) {
    try {
      return Json.MAPPER.readTree(up.body().getBytes());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode converse(String json) {
    return body(BedrockFixtures.adapter().chatRequest(request(json), BedrockFixtures.deployment(), false));
  }

  private static GatewayError refused(String json) {
    return assertThrows(GatewayError.class, () -> converse(json));
  }

  @Test
  void goldenRequest() throws IOException {
    JsonNode expected = Json.MAPPER.readTree(BedrockFixtures.bytes("request-converse.json"));
    assertEquals(expected, converse(new String(BedrockFixtures.bytes("request-openai.json"))));
  }

  @Test
  void urlCarriesTheEncodedInferenceProfileIdAndTheAction() {
    BedrockAdapter adapter = BedrockFixtures.adapter();
    UpstreamRequest plain = adapter.chatRequest(request(HELLO), BedrockFixtures.deployment(), false);
    UpstreamRequest stream = adapter.chatRequest(request(HELLO), BedrockFixtures.deployment(), true);
    assertEquals("http://127.0.0.1:9/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse", plain.url());
    assertEquals("http://127.0.0.1:9/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream", stream.url());
    assertEquals("application/json", plain.headers().get("accept"));
    assertEquals("application/vnd.amazon.eventstream", stream.headers().get("accept"));
    String arn = "arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/a1b2c3";
    UpstreamRequest byArn = adapter.chatRequest(request(HELLO), BedrockFixtures.deployment("http://127.0.0.1:9", arn), false);
    assertEquals("http://127.0.0.1:9/model/arn%3Aaws%3Abedrock%3Aus-west-2%3A123456789012%3A"
        + "application-inference-profile%2Fa1b2c3/converse", byArn.url());
  }

  @Test
  void theDefaultBaseUrlIsTheRegionsRuntimeEndpoint() {
    UpstreamRequest up = BedrockFixtures.adapter().chatRequest(request(HELLO),
        BedrockFixtures.deployment("https://bedrock-runtime.{region}.amazonaws.com", "amazon.nova-pro-v1:0"), false);
    assertEquals("https://bedrock-runtime.us-west-2.amazonaws.com/model/amazon.nova-pro-v1%3A0/converse", up.url());
    Map<String, String> sent = new HashMap<>(up.headers());
    sent.put("host", "bedrock-runtime.us-west-2.amazonaws.com");
    assertTrue(SigV4Check.verifies("POST", URI.create(up.url()).getRawPath(), "", sent, up.body().getBytes(),
        up.headers().get("authorization"), BedrockFixtures.SECRET));
  }

  @Test
  void signedOverTheExactBodyAndHostWithTheBaseUrlOverride() throws Exception {
    UpstreamRequest up = BedrockFixtures.adapter().chatRequest(request(HELLO), BedrockFixtures.deployment(), false);
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(up.body().getBytes())),
        up.headers().get("x-amz-content-sha256"));
    assertEquals("20261204T173000Z", up.headers().get("x-amz-date"));
    assertFalse(up.headers().containsKey("host"), "the HTTP client sends the host from the URL");
    Map<String, String> sent = new HashMap<>(up.headers());
    sent.put("host", "127.0.0.1:9");
    String path = URI.create(up.url()).getRawPath();
    assertTrue(SigV4Check.verifies("POST", path, "", sent, up.body().getBytes(), up.headers().get("authorization"),
        BedrockFixtures.SECRET));
    assertFalse(SigV4Check.verifies("POST", path, "", sent, "{}".getBytes(), up.headers().get("authorization"),
        BedrockFixtures.SECRET), "another body would not verify");
    assertFalse(up.toString().contains(BedrockFixtures.SECRET));
  }

  @Test
  void temporaryCredentialsAddTheSecurityToken() {
    AwsCredentials temp = new AwsCredentials("ASIAEXAMPLE", BedrockFixtures.SECRET, "token-123", "test");
    UpstreamRequest up = BedrockFixtures.adapter(temp).chatRequest(request(HELLO), BedrockFixtures.deployment(), false);
    assertEquals("token-123", up.headers().get("x-amz-security-token"));
    assertTrue(up.headers().get("authorization").startsWith("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20261204/us-west-2/bedrock/aws4_request"));
    assertFalse(up.toString().contains("token-123"));
  }

  @Test
  void toolChoiceModes() {
    String ask = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}]" + TOOLS;
    assertTrue(converse(ask + "}").path("toolConfig").path("toolChoice").has("auto"));
    assertTrue(converse(ask + ",\"tool_choice\":\"required\"}").path("toolConfig").path("toolChoice").has("any"));
    assertEquals("get_time", converse(ask + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}}")
        .path("toolConfig").path("toolChoice").path("tool").path("name").asText());
    assertFalse(converse(ask + ",\"tool_choice\":\"none\"}").has("toolConfig"), "none without tool history sends no tools");
    JsonNode noParameters = converse(ask + "}").path("toolConfig").path("tools").get(1).path("toolSpec");
    assertEquals("object", noParameters.path("inputSchema").path("json").path("type").asText());
    GatewayError unknown = refused(ask + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"nope\"}}}");
    assertEquals("tool_choice", unknown.param());
  }

  @Test
  void jsonModeForcesOneToolWhoseSchemaIsTheRequestedOne() {
    JsonNode schema = converse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}],"
        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"weather\",\"description\":\"The forecast\","
        + "\"schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}}").path("toolConfig");
    assertEquals(1, schema.path("tools").size());
    JsonNode spec = schema.path("tools").get(0).path("toolSpec");
    assertEquals("weather", spec.path("name").asText());
    assertEquals("The forecast", spec.path("description").asText());
    assertEquals("string", spec.path("inputSchema").path("json").path("properties").path("city").path("type").asText());
    assertEquals("weather", schema.path("toolChoice").path("tool").path("name").asText());
    JsonNode object = converse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
        + "\"response_format\":{\"type\":\"json_object\"}}").path("toolConfig");
    assertEquals("json_response", object.path("toolChoice").path("tool").path("name").asText());
    assertEquals("object", object.path("tools").get(0).path("toolSpec").path("inputSchema").path("json").path("type").asText());
  }

  @Test
  void toolHistoryNeedsTheToolsAndKeepsThemUnderNone() {
    String history = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"},"
        + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"t1\",\"content\":\"\"}]";
    JsonNode none = converse(history + TOOLS + ",\"tool_choice\":\"none\"}");
    assertEquals(2, none.path("toolConfig").path("tools").size());
    assertFalse(none.path("toolConfig").has("toolChoice"));
    JsonNode messages = none.path("messages");
    assertEquals(Json.MAPPER.createObjectNode(), messages.get(1).path("content").get(0).path("toolUse").path("input"));
    assertTrue(messages.get(2).path("content").get(0).path("toolResult").path("content").get(0).has("json"),
        "an empty tool result is sent as an empty JSON object");
    assertEquals("tools", refused(history + "}").param());
  }

  @Test
  void consecutiveTurnsOfOneRoleAreMergedAndSystemMessagesCollected() {
    JsonNode body = converse("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"A\"},"
        + "{\"role\":\"user\",\"content\":\"one\"},{\"role\":\"developer\",\"content\":\"B\"},{\"role\":\"user\",\"content\":\"two\"},"
        + "{\"role\":\"assistant\",\"content\":\"\"},{\"role\":\"user\",\"content\":\"three\"}]}");
    assertEquals(2, body.path("system").size());
    assertEquals("B", body.path("system").get(1).path("text").asText());
    assertEquals(1, body.path("messages").size(), "the empty assistant turn is left out, the user turns merged");
    assertEquals(3, body.path("messages").get(0).path("content").size());
  }

  @Test
  void requestsConverseCannotExpressAreRefusedNamingTheField() {
    assertEquals("messages[0].content[0].image_url.url", refused("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
        + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}]}").param());
    GatewayError tiff = refused("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
        + "\"image_url\":{\"url\":\"data:image/tiff;base64,AAAA\"}}]}]}");
    assertEquals("messages[0].content[0].image_url.url", tiff.param());
    assertTrue(tiff.getMessage().contains("image/tiff"));
    assertEquals("messages[0].content[0].type", refused("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "[{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}}]}]}").param());
    assertEquals("response_format", refused("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
        + "\"response_format\":{\"type\":\"json_object\"}" + TOOLS + "}").param());
    assertEquals("response_format.json_schema.schema", refused("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"x\"}],\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"list\","
        + "\"schema\":{\"type\":\"array\"}}}}").param());
    assertEquals("n", refused("{\"model\":\"m\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param());
    assertEquals("messages[1].tool_calls[0].function.arguments", refused("{\"model\":\"m\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t\",\"type\":\"function\","
        + "\"function\":{\"name\":\"f\",\"arguments\":\"[1]\"}}]}]" + TOOLS + "}").param());
    assertEquals("guardrailConfig", refused("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
        + "\"guardrailConfig\":\"g1\"}").param());
  }
}
