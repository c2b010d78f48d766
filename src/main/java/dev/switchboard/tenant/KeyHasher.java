package dev.switchboard.tenant;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a tenant key into the digest the store keeps: HMAC-SHA256 under the server-side pepper, in hex. A
 * stolen copy of the key table alone cannot be brute-forced without the pepper, and the lookup by digest
 * (an index probe on a value the caller cannot choose) leaks nothing through timing about stored keys.
 */
public final class KeyHasher {
  private static final String ALGORITHM = "HmacSHA256";
  /** The minimum pepper size in bytes. */
  static final int MIN_PEPPER_BYTES = 32;

  private final SecretKeySpec pepper;

  public KeyHasher(byte[] pepper) {
    if (pepper.length < MIN_PEPPER_BYTES) {
      throw new IllegalArgumentException("the key pepper needs at least " + MIN_PEPPER_BYTES + " bytes");
    }
    this.pepper = new SecretKeySpec(pepper, ALGORITHM);
  }

  /** Lower-case hex HMAC-SHA256 of the key's UTF-8 bytes. */
  public String digest(String key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(pepper);
      return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  @Override
  public String toString() {
    return "KeyHasher[HmacSHA256]";
  }
}
