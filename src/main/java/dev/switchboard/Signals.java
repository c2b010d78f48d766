package dev.switchboard;

import java.util.concurrent.atomic.AtomicBoolean;

/** Runs a graceful stop once on SIGTERM or SIGINT, so the process drains and then exits 0; SIGHUP reloads. */
final class Signals {
  private Signals() {}

  @SuppressWarnings("removal")
  static void onTerminate(Runnable stop) {
    AtomicBoolean once = new AtomicBoolean();
    Runnable guarded = () -> {
      if (once.compareAndSet(false, true)) {
        stop.run();
      }
    };
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> new Thread(guarded, "switchboard-stop").start());
      } catch (IllegalArgumentException unsupported) {
        // the platform does not deliver this signal; the shutdown hook below still drains
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(guarded, "switchboard-shutdown-hook"));
  }

  /** Runs {@code reload} on each SIGHUP (where the platform delivers it). */
  @SuppressWarnings("removal")
  static void onHangup(Runnable reload) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> new Thread(reload, "switchboard-reload").start());
    } catch (IllegalArgumentException unsupported) {
      // no SIGHUP here: the file watch and POST /admin/reload still reload
    }
  }
}
