package dev.switchboard.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The signing step against AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite): the example
 * credentials {@code AKIDEXAMPLE}, region {@code us-east-1}, service {@code service}, time 20150830T123600Z.
 *
 * <p>The AWS SDK's signer always signs one header more than the suite's requests carry,
 * {@code x-amz-content-sha256} (the body's SHA-256, which AWS services accept as any other signed header), so its
 * signatures cannot equal the published ones byte for byte. The chain is therefore: the reference check
 * ({@link SigV4Check}) reproduces every published signature exactly, and then verifies what the gateway's signer
 * produced for the same requests, as the AWS service would.
 */
class SigV4Test {
  static final AwsCredentials EXAMPLE =
      new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null, "test");
  static final Clock SUITE_TIME = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
  private static final String DATE = "20150830T123600Z";
  private static final String HOST = "example.amazonaws.com";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "get-vanilla|GET|/||||5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
      "get-vanilla-query-order-key-case|GET|/|Param2=value2&Param1=value1|||"
          + "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
      "post-vanilla|POST|/||||5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
      "post-x-www-form-urlencoded|POST|/||application/x-www-form-urlencoded|Param1=value1|"
          + "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"})
  void suiteVector(String name, String method, String path, String query, String contentType, String body,
                   String publishedSignature) {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> suiteHeaders = new HashMap<>(Map.of("host", HOST, "x-amz-date", DATE));
    Map<String, String> requestHeaders = new HashMap<>();
    if (contentType != null) {
      suiteHeaders.put("content-type", contentType);
      requestHeaders.put("Content-Type", contentType);
    }
    assertEquals(publishedSignature, SigV4Check.signature(method, path, query, suiteHeaders, bytes,
        EXAMPLE.secretAccessKey(), DATE, "us-east-1", "service"), name + ": the reference reproduces AWS's signature");

    String url = "https://" + HOST + path + (query == null ? "" : "?" + query);
    Map<String, String> signed = SigV4.sign(method, url, requestHeaders, bytes, EXAMPLE, "us-east-1", "service",
        SUITE_TIME);
    assertEquals(DATE, signed.get("x-amz-date"));
    SigV4Check.Parsed auth = SigV4Check.parse(signed.get("authorization"));
    assertEquals("AKIDEXAMPLE", auth.accessKeyId());
    assertEquals("20150830", auth.date());
    assertEquals("us-east-1", auth.region());
    assertEquals("service", auth.service());
    assertEquals((contentType == null ? "" : "content-type;") + "host;x-amz-content-sha256;x-amz-date",
        auth.signedHeaders());
    Map<String, String> sent = new HashMap<>(signed);
    sent.put("host", HOST);
    assertTrue(SigV4Check.verifies(method, path, query, sent, bytes, signed.get("authorization"),
        EXAMPLE.secretAccessKey()), name + ": the signature verifies");
    assertFalse(SigV4Check.verifies(method, path, query, sent, "tampered".getBytes(StandardCharsets.UTF_8),
        signed.get("authorization"), EXAMPLE.secretAccessKey()), name + ": another body does not verify");
  }

  @Test
  void theHostIsSignedWithItsPortWhenNotTheDefault() {
    Map<String, String> signed = SigV4.sign("POST", "http://127.0.0.1:8089/model/m/converse", Map.of(),
        new byte[0], EXAMPLE, "us-east-1", "bedrock", SUITE_TIME);
    Map<String, String> sent = new HashMap<>(signed);
    sent.put("host", "127.0.0.1:8089");
    assertTrue(SigV4Check.verifies("POST", "/model/m/converse", "", sent, new byte[0], signed.get("authorization"),
        EXAMPLE.secretAccessKey()));
    sent.put("host", "127.0.0.1");
    assertFalse(SigV4Check.verifies("POST", "/model/m/converse", "", sent, new byte[0], signed.get("authorization"),
        EXAMPLE.secretAccessKey()));
  }

  @Test
  void temporaryCredentialsSignTheSessionToken() {
    AwsCredentials session = new AwsCredentials(EXAMPLE.accessKeyId(), EXAMPLE.secretAccessKey(), "session-token-1", "t");
    Map<String, String> signed = SigV4.sign("POST", "https://" + HOST + "/", Map.of(), new byte[0], session,
        "us-east-1", "service", SUITE_TIME);
    assertEquals("session-token-1", signed.get("x-amz-security-token"));
    assertTrue(SigV4Check.parse(signed.get("authorization")).signedHeaders().contains("x-amz-security-token"));
    Map<String, String> sent = new HashMap<>(signed);
    sent.put("host", HOST);
    assertTrue(SigV4Check.verifies("POST", "/", "", sent, new byte[0], signed.get("authorization"),
        session.secretAccessKey()));
  }

  @Test
  void credentialsNeverShowTheirSecrets() {
    AwsCredentials session = new AwsCredentials("AKIDEXAMPLE", "the-secret", "the-token", "config");
    assertFalse(session.toString().contains("the-secret"));
    assertFalse(session.toString().contains("the-token"));
  }
}
