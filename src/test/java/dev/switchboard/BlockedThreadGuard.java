package dev.switchboard;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;
import org.slf4j.LoggerFactory;

/**
 * Fails every test during which Vert.x reported a blocked event loop or worker ("Thread … has been blocked for"):
 * the request path must never block a loop, so such a warning is a bug, not noise. Registered for every test
 * through {@code META-INF/services} and {@code junit-platform.properties}.
 */
public final class BlockedThreadGuard implements BeforeEachCallback, AfterEachCallback {
  /** The logger Vert.x's blocked-thread checker writes to. */
  static final String CHECKER_LOGGER = "io.vertx.core.impl.BlockedThreadChecker";
  private static final List<String> REPORTS = new CopyOnWriteArrayList<>();

  static {
    Logger checker = (Logger) LoggerFactory.getLogger(CHECKER_LOGGER);
    checker.setLevel(Level.WARN); // whatever level a test's gateway sets for the root logger
    AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        REPORTS.add(event.getFormattedMessage());
      }
    };
    capture.setContext(checker.getLoggerContext());
    capture.setName("blocked-thread-guard");
    capture.start();
    checker.addAppender(capture);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    REPORTS.clear();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!REPORTS.isEmpty()) {
      String first = REPORTS.get(0);
      int count = REPORTS.size();
      REPORTS.clear();
      throw new AssertionFailedError("Vert.x reported " + count + " blocked thread(s) during this test; the first: "
          + first);
    }
  }
}
