package dev.switchboard.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event-loop health: on every event loop a timer asks to run every {@value #PERIOD_MS} ms and records how late it
 * runs. A loop that something blocks shows it at once as lag ({@code switchboard_event_loop_lag_seconds}, a
 * histogram, and each probe's latest lag as a gauge), long before requests time out.
 */
public final class EventLoopLag {
  static final long PERIOD_MS = 200;

  private EventLoopLag() {}

  /** Deploys one probe per event loop; the future completes once they run. */
  public static Future<String> start(Vertx vertx, MeterRegistry registry) {
    int loops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    Timer lag = Timer.builder("switchboard.event.loop.lag")
        .description("How late a timer on an event loop runs: time the loop was busy or blocked")
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(20),
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2))
        .register(registry);
    AtomicLong[] latest = new AtomicLong[loops];
    for (int i = 0; i < loops; i++) {
      AtomicLong w = latest[i] = new AtomicLong();
      Gauge.builder("switchboard.event.loop.lag.latest", w, a -> a.get() / 1e9).baseUnit("seconds")
          .description("The latest lag measured by each event-loop probe")
          .tag("probe", String.valueOf(i)).register(registry);
    }
    AtomicLong next = new AtomicLong();
    return vertx.deployVerticle(() -> new Probe(lag, latest[(int) (next.getAndIncrement() % loops)]),
        new DeploymentOptions().setInstances(loops));
  }

  /** One timer on one event loop. */
  private static final class Probe extends AbstractVerticle {
    private final Timer lag;
    private final AtomicLong latest;
    private long expected;

    Probe(Timer lag, AtomicLong latest) {
      this.lag = lag;
      this.latest = latest;
    }

    @Override
    public void start() {
      expected = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
      vertx.setPeriodic(PERIOD_MS, id -> {
        long late = Math.max(0, System.nanoTime() - expected);
        expected = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
        lag.record(late, TimeUnit.NANOSECONDS);
        latest.set(late);
      });
    }
  }
}
