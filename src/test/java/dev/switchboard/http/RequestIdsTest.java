package dev.switchboard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void idsAreVersion7UuidsCarryingTheirMillisecond() {
    UUID id = RequestIds.next(1_796_416_576_123L, new SplittableRandom(1));
    assertEquals(7, id.version());
    assertEquals(2, id.variant());
    assertEquals(1_796_416_576_123L, id.getMostSignificantBits() >>> 16);
    assertEquals(36, RequestIds.next().length());
  }

  @Test
  void laterIdsSortLaterAsText() {
    SplittableRandom random = new SplittableRandom(7);
    String earlier = RequestIds.next(1_000_000L, random).toString();
    String later = RequestIds.next(1_000_001L, random).toString();
    assertTrue(earlier.compareTo(later) < 0, earlier + " should sort before " + later);
  }

  @Test
  void idsOfOneMillisecondDoNotRepeat() {
    SplittableRandom random = new SplittableRandom(42);
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertTrue(seen.add(RequestIds.next(5L, random)));
    }
  }
}
