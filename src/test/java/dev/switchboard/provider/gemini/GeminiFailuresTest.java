package dev.switchboard.provider.gemini;

import static dev.switchboard.provider.gemini.GeminiFixtures.KEY;
import static dev.switchboard.provider.gemini.GeminiFixtures.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter.UpstreamResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** Google's error bodies classified into failure classes. */
class GeminiFailuresTest {
  private final GeminiAdapter adapter = new GeminiAdapter();

  private Failure classify(int status, String fixture) {
    return adapter.classify(answer(status, fixture));
  }

  @Test
  void anInvalidApiKeyIsAuthRejectedThoughGoogleAnswers400() {
    Failure f = classify(400, "error-api-key-invalid.json");
    assertEquals(FailureClass.AUTH_REJECTED, f.reason());
    assertTrue(f.retryable(), "another deployment with a good key may serve");
    assertEquals(400, f.status());
  }

  @Test
  void permissionDeniedAndUnsupportedLocationAreAuthRejected() {
    assertEquals(FailureClass.AUTH_REJECTED, classify(403, "error-403.json").reason());
    assertEquals(FailureClass.AUTH_REJECTED, classify(400, "error-location.json").reason());
  }

  @Test
  void aBadRequestMentioningSafetySettingsIsACallerErrorNotAContentFilter() {
    Failure f = classify(400, "error-400.json");
    assertEquals(FailureClass.CALLER_ERROR, f.reason());
    assertFalse(f.retryable());
    assertTrue(f.message().contains("safety_settings[0].threshold"), f.message());
  }

  @Test
  void overloadAndTimeoutsAreUpstream5xx() {
    assertEquals(FailureClass.UPSTREAM_5XX, classify(503, "error-503.json").reason());
    assertEquals(FailureClass.UPSTREAM_5XX, classify(504, "error-504.json").reason());
  }

  @Test
  void rateLimitWaitComesFromRetryInfoWhenThereIsNoRetryAfterHeader() {
    Failure f = classify(429, "error-429.json");
    assertEquals(FailureClass.RATE_LIMITED, f.reason());
    assertEquals(43_000, f.retryAfterMs());
  }

  @Test
  void keysInUpstreamMessagesAreMasked() {
    Failure f = adapter.classify(new UpstreamResponse(400, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(
        "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key (" + KEY + ").\","
            + "\"status\":\"INVALID_ARGUMENT\"}}")));
    assertEquals(FailureClass.AUTH_REJECTED, f.reason());
    assertFalse(f.message().contains(KEY), f.message());
  }
}
