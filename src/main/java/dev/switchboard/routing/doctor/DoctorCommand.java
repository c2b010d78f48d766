package dev.switchboard.routing.doctor;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.LoggingConfig;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.logging.LogSetup;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code switchboard doctor [--json]}: builds the configured providers exactly as the gateway does, checks every
 * deployment, prints the report (text or JSON) and answers the exit status: 0 when every deployment passed.
 */
public final class DoctorCommand {
  /** Every step is bounded; this only guards against a step that ignores its own bound. */
  private static final long OVERALL_LIMIT_MINUTES = 5;
  private static final long CLOSE_LIMIT_SECONDS = 10;

  private DoctorCommand() {}

  /** Runs the check and prints the report to {@code out}; returns the exit status (0 all passed, 1 otherwise). */
  public static int run(GatewayConfig config, ProviderRegistry registry, Set<String> unsetVariables, boolean json,
                        PrintStream out, PrintStream err) {
    LogSetup.apply(new LoggingConfig(config.logging().format(), "warn"), true);
    Vertx vertx = Vertx.vertx();
    Map<String, Provider> providers = new LinkedHashMap<>();
    try {
      for (ProviderConfig p : config.providers().values()) {
        providers.put(p.name(), registry.factory(p.type()).create(p, vertx));
      }
      List<DoctorTarget> targets = DoctorTarget.of(config, providers, registry.catalog());
      DoctorReport report = new Doctor(vertx, unsetVariables, null, Clock.systemUTC()).check(targets)
          .toCompletionStage().toCompletableFuture().get(OVERALL_LIMIT_MINUTES, TimeUnit.MINUTES);
      Redactor redactor = new Redactor(config.providers().values());
      out.print(json ? JsonReport.render(report, redactor) + "\n" : TextReport.render(report, redactor));
      out.flush();
      return report.allPassed() ? 0 : 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("switchboard doctor: interrupted");
      return 1;
    } catch (Exception e) {
      err.println("switchboard doctor: the check did not finish: " + new Redactor(config.providers().values())
          .mask(String.valueOf(e.getMessage())));
      return 1;
    } finally {
      close(vertx, providers);
    }
  }

  private static void close(Vertx vertx, Map<String, Provider> providers) {
    try {
      Future.join(providers.values().stream().map(p -> p.transport().close()).toList())
          .eventually(vertx::close)
          .toCompletionStage().toCompletableFuture().get(CLOSE_LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      vertx.close();
    } catch (Exception e) {
      vertx.close();
    }
  }
}
