package dev.switchboard.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keys are stored as HMAC-SHA256 under the pepper; new keys are long, random and shown by prefix only. */
class KeyHasherTest {
  @Test
  void digestIsHmacSha256OfTheKeyUnderThePepper() {
    // RFC 4231, test case 6: a 131-byte key of 0xaa
    byte[] pepper = new byte[131];
    Arrays.fill(pepper, (byte) 0xaa);
    KeyHasher hasher = new KeyHasher(pepper);
    assertEquals("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        hasher.digest("Test Using Larger Than Block-Size Key - Hash Key First"));
  }

  @Test
  void anotherPepperGivesAnotherDigest() {
    byte[] a = "a-pepper-of-at-least-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8);
    byte[] b = "b-pepper-of-at-least-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8);
    String key = ApiKeys.newKey();
    assertNotEquals(new KeyHasher(a).digest(key), new KeyHasher(b).digest(key));
    assertEquals(new KeyHasher(a).digest(key), new KeyHasher(a.clone()).digest(key), "deterministic per pepper");
    assertTrue(new KeyHasher(a).digest(key).matches("[0-9a-f]{64}"));
  }

  @Test
  void shortPeppersAreRefusedAndNothingSecretIsPrinted() {
    assertThrows(IllegalArgumentException.class, () -> new KeyHasher(new byte[16]));
    byte[] pepper = "pepper-pepper-pepper-pepper-pepper".getBytes(StandardCharsets.UTF_8);
    assertFalse(new KeyHasher(pepper).toString().contains("pepper-"));
  }

  @Test
  void newKeysAreLongRandomAndDisplayedByPrefix() {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String key = ApiKeys.newKey();
      assertTrue(key.matches("sk-sb-[0-9A-Za-z]{43}"), key);
      keys.add(key);
      String prefix = ApiKeys.prefix(key);
      assertEquals(12, prefix.length());
      assertTrue(key.startsWith(prefix));
    }
    assertEquals(1000, keys.size(), "no repeats");
    assertTrue(ApiKeys.newKeyId().matches("key_[0-9A-Za-z]{16}"));
  }
}
