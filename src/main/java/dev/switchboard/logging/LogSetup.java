package dev.switchboard.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.switchboard.config.LoggingConfig;
import org.slf4j.LoggerFactory;

/** Points Logback's console output at the configured format: readable text, or one JSON object per line. */
public final class LogSetup {
  private static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg %kvp%n%ex";

  private LogSetup() {}

  /** Logs to standard output. */
  public static void apply(LoggingConfig config) {
    apply(config, false);
  }

  /** Logs to standard error when {@code standardError}, keeping standard output for a command's own output. */
  public static void apply(LoggingConfig config, boolean standardError) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      apply(context, config, standardError);
    }
  }

  /** Points {@code context}'s root logger at one console appender in the configured format and level. */
  static void apply(LoggerContext context, LoggingConfig config, boolean standardError) {
    Encoder<ILoggingEvent> encoder;
    if ("json".equals(config.format())) {
      LayoutWrappingEncoder<ILoggingEvent> json = new LayoutWrappingEncoder<>();
      JsonLineLayout layout = new JsonLineLayout();
      layout.setContext(context);
      layout.start();
      json.setLayout(layout);
      encoder = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setPattern(TEXT_PATTERN);
      encoder = text;
    }
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("console");
    appender.setEncoder(encoder);
    if (standardError) {
      appender.setTarget("System.err");
    }
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
    root.setLevel(Level.toLevel(config.level(), Level.INFO));
  }
}
