package dev.switchboard.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter.UpstreamResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** Bedrock's error answers, by {@code x-amzn-ErrorType} and message, as failure classes. */
class BedrockFailuresTest {

  private static Failure classify(int status, String type, String fixture) {
    return BedrockFixtures.adapter().classify(BedrockFixtures.error(status, type, fixture));
  }

  @Test
  void authFailuresNameTheCause() {
    Failure skew = classify(403, "InvalidSignatureException", "error-403-signature-expired.json");
    assertEquals(FailureClass.AUTH_REJECTED, skew.reason());
    assertTrue(skew.message().contains("InvalidSignatureException: Signature expired: 20261204T170000Z"), skew.message());
    assertTrue(skew.message().contains("clock skew"), skew.message());
    Failure early = BedrockFixtures.adapter().classify(new UpstreamResponse(403, MultiMap.caseInsensitiveMultiMap()
        .add("x-amzn-ErrorType", "InvalidSignatureException"),
        Buffer.buffer("{\"message\":\"Signature not yet current: 20261204T180000Z is still later than 20261204T175500Z\"}")));
    assertTrue(early.message().contains("clock skew"), early.message());
    Failure access = classify(403, "AccessDeniedException", "error-403-model-access.json");
    assertEquals(FailureClass.AUTH_REJECTED, access.reason());
    assertTrue(access.message().contains("request access to the model"), access.message());
    assertEquals(FailureClass.AUTH_REJECTED, classify(403, "UnrecognizedClientException", "error-401.json").reason());
  }

  @Test
  void typesAsDocumented() {
    MultiMap retry = MultiMap.caseInsensitiveMultiMap().add("x-amzn-ErrorType", "ThrottlingException").add("retry-after", "3");
    Failure throttled = BedrockFixtures.adapter().classify(new UpstreamResponse(429, retry,
        Buffer.buffer(BedrockFixtures.bytes("error-429.json"))));
    assertEquals(FailureClass.RATE_LIMITED, throttled.reason());
    assertEquals(3000, throttled.retryAfterMs());
    assertEquals(FailureClass.READ_TIMEOUT, classify(408, "ModelTimeoutException", "error-408.json").reason());
    assertEquals(FailureClass.UPSTREAM_5XX, classify(500, "InternalServerException", "error-500.json").reason());
    assertEquals(FailureClass.UPSTREAM_5XX, classify(503, "ServiceUnavailableException", "error-503.json").reason());
    assertEquals(FailureClass.UPSTREAM_5XX, classify(429, "ModelNotReadyException", "error-503.json").reason());
    Failure notFound = classify(404, "ResourceNotFoundException", "error-404.json");
    assertEquals(FailureClass.UPSTREAM_5XX, notFound.reason(), "a wrong model id is the deployment's fault: fail over");
    assertTrue(notFound.message().contains("check the deployment's model id"), notFound.message());
  }

  @Test
  void validationErrorsAreTheCallersAndTooLongPromptsAreContextErrors() {
    Failure invalid = classify(400, "ValidationException", "error-400.json");
    assertEquals(FailureClass.CALLER_ERROR, invalid.reason());
    assertFalse(invalid.retryable());
    assertEquals(FailureClass.CONTEXT_LENGTH_EXCEEDED, classify(400, "ValidationException", "error-context.json").reason());
    assertEquals(FailureClass.CONTEXT_LENGTH_EXCEEDED,
        classify(400, "ValidationException", "error-context-anthropic.json").reason());
    Failure tokens = BedrockFixtures.adapter().classify(new UpstreamResponse(400, MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer("{\"message\":\"Too many input tokens. Max input tokens: 8192, request input token count: 9001\"}")));
    assertEquals(FailureClass.CONTEXT_LENGTH_EXCEEDED, tokens.reason(), "without a type header, a 400 is validation");
  }

  @Test
  void theTypeMayComeFromTheBody() {
    Failure fromBody = BedrockFixtures.adapter().classify(new UpstreamResponse(400, MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer("{\"__type\":\"com.amazon.coral.service#UnrecognizedClientException\",\"Message\":\"bad token\"}")));
    assertEquals(FailureClass.AUTH_REJECTED, fromBody.reason());
    assertTrue(fromBody.message().contains("UnrecognizedClientException: bad token"), fromBody.message());
  }

  @Test
  void unknownTypesFallBackToTheStatus() {
    assertEquals(FailureClass.UPSTREAM_5XX, classify(502, "SomethingNewException", "error-500.json").reason());
    assertEquals(FailureClass.AUTH_REJECTED, classify(401, "SomethingNewException", "error-401.json").reason());
  }
}
