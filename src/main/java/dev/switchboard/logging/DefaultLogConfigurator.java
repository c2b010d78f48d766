package dev.switchboard.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.switchboard.config.LoggingConfig;

/**
 * Logback's configuration until the gateway's own is loaded (then {@link LogSetup} applies {@code logging.format}
 * and {@code logging.level}): readable text on standard output at INFO, Netty and Hikari at WARN. Found by
 * Logback through {@code META-INF/services}; set up in code, which spares every start the XML configurator
 * (about 150 ms of a 2-core machine's start).
 */
public final class DefaultLogConfigurator extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    LogSetup.apply(context, new LoggingConfig("text", "info"), false);
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
