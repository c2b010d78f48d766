package dev.switchboard;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.LoggingConfig;
import dev.switchboard.logging.LogSetup;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.slf4j.LoggerFactory;

class BlockedThreadGuardTest {

  @Test
  void aBlockedThreadWarningFailsTheTestEvenWhenTheGatewayLogsOnlyErrors() {
    BlockedThreadGuard guard = new BlockedThreadGuard();
    guard.beforeEach(null);
    LogSetup.apply(new LoggingConfig("text", "error")); // as a gateway under test would
    LoggerFactory.getLogger(BlockedThreadGuard.CHECKER_LOGGER)
        .warn("Thread Thread[vert.x-eventloop-thread-1,5,main] has been blocked for 2913 ms, time limit is 2000 ms");
    AssertionFailedError failure = assertThrows(AssertionFailedError.class, () -> guard.afterEach(null));
    assertTrue(failure.getMessage().contains("vert.x-eventloop-thread-1"), failure.getMessage());
    assertDoesNotThrow(() -> guard.afterEach(null), "a report fails one test, not the ones after it");
  }
}
