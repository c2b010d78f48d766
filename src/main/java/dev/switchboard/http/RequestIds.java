package dev.switchboard.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Request ids as time-ordered UUIDs (version 7, RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Ids
 * made later sort later, so the ledger's primary key grows at its end instead of at random pages, and an id tells
 * when its request came. They are identifiers, not secrets: the random bits come from {@link ThreadLocalRandom}.
 */
final class RequestIds {
  private RequestIds() {}

  static String next() {
    return next(System.currentTimeMillis(), ThreadLocalRandom.current()).toString();
  }

  static UUID next(long unixMs, RandomGenerator random) {
    long high = (unixMs & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }
}
