package dev.switchboard.provider.bedrock;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent check of Signature Version 4, written from AWS's documented algorithm, for verifying what the
 * gateway sent (as the AWS service would) without going through the signer under test. Not for production use.
 */
public final class SigV4Check {
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

  private SigV4Check() {}

  /** The parts of an {@code Authorization} header. */
  public record Parsed(String accessKeyId, String date, String region, String service, String signedHeaders,
                       String signature) {}

  public static Parsed parse(String authorization) {
    Matcher m = AUTHORIZATION.matcher(authorization == null ? "" : authorization);
    if (!m.matches()) {
      throw new AssertionError("not a SigV4 Authorization header: " + authorization);
    }
    return new Parsed(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6));
  }

  /**
   * True when {@code authorization} is the signature of the request as received: {@code rawPath} as sent on the
   * wire (percent-encoded once), {@code headers} by lower-case name (host included), the exact body bytes.
   */
  public static boolean verifies(String method, String rawPath, String rawQuery, Map<String, String> headers,
                                 byte[] body, String authorization, String secretAccessKey) {
    Parsed p = parse(authorization);
    Map<String, String> signed = new TreeMap<>();
    for (String name : p.signedHeaders().split(";")) {
      String value = headers.get(name);
      if (value == null) {
        return false;
      }
      signed.put(name, value);
    }
    String amzDate = headers.get("x-amz-date");
    return amzDate != null && p.signature().equals(
        signature(method, rawPath, rawQuery, signed, body, secretAccessKey, amzDate, p.region(), p.service()));
  }

  /** The hex signature for the given canonical pieces (non-S3 rules: the path is encoded a second time). */
  public static String signature(String method, String rawPath, String rawQuery, Map<String, String> headers,
                                 byte[] body, String secretAccessKey, String amzDate, String region, String service) {
    Map<String, String> sorted = new TreeMap<>();
    headers.forEach((k, v) -> sorted.put(k.toLowerCase(Locale.ROOT), v.strip().replaceAll("\\s+", " ")));
    StringBuilder canonicalHeaders = new StringBuilder();
    sorted.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
    String canonical = method + "\n" + encodePath(rawPath) + "\n" + canonicalQuery(rawQuery) + "\n"
        + canonicalHeaders + "\n" + String.join(";", sorted.keySet()) + "\n" + hex(sha256(body));
    String date = amzDate.substring(0, 8);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
        + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return hex(hmac(key, toSign));
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    Map<String, String> params = new TreeMap<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      params.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
    }
    StringBuilder out = new StringBuilder();
    params.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(k).append('=').append(v));
    return out.toString();
  }

  private static String encodePath(String rawPath) {
    StringBuilder out = new StringBuilder();
    for (byte b : rawPath.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (Character.isLetterOrDigit(c) && c < 128 || "-._~/".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
