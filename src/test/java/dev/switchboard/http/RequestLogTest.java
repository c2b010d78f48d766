package dev.switchboard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RequestLogTest {

  @Test
  void overheadIsWrittenInMillisecondsWithThreeDecimalsRoundedToTheMicrosecond() {
    assertEquals("0.000", RequestLog.millis(0));
    assertEquals("0.001", RequestLog.millis(1_499));
    assertEquals("0.002", RequestLog.millis(1_500));
    assertEquals("0.042", RequestLog.millis(42_000));
    assertEquals("1.235", RequestLog.millis(1_234_567));
    assertEquals("12.300", RequestLog.millis(12_300_000));
    assertEquals("60000.000", RequestLog.millis(60_000_000_000L));
  }
}
