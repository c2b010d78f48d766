package dev.switchboard.tenant;

import java.security.SecureRandom;

/**
 * Makes new tenant keys: {@code sk-sb-} followed by 43 base62 characters drawn from {@link SecureRandom}
 * (about 256 bits of entropy), and key ids. A key's display prefix is its first {@value #PREFIX_LENGTH}
 * characters — enough to tell keys apart in a list, far too little to guess the rest.
 */
public final class ApiKeys {
  /** How every generated key starts. */
  public static final String KEY_START = "sk-sb-";
  /** Characters of a key shown in listings and logs. */
  public static final int PREFIX_LENGTH = 12;
  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final int KEY_CHARS = 43;
  private static final int ID_CHARS = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  /** A new secret key (shown once to the admin, then kept only as a digest). */
  public static String newKey() {
    return KEY_START + random(KEY_CHARS);
  }

  /** A new key id ({@code key_} + 16 base62 characters); not secret. */
  public static String newKeyId() {
    return "key_" + random(ID_CHARS);
  }

  /** The part of {@code key} that may be displayed. */
  public static String prefix(String key) {
    return key.substring(0, Math.min(PREFIX_LENGTH, key.length()));
  }

  private static String random(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }
}
