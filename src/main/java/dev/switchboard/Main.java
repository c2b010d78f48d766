package dev.switchboard;

import dev.switchboard.api.TokenEstimate;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.provider.ProviderRegistry;
import dev.switchboard.routing.doctor.DoctorCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The command line: {@code serve} (default), {@code validate} and {@code doctor}, with {@code --config},
 * {@code --port} and (for {@code doctor}) {@code --json}.
 */
public final class Main {
  static final String DEFAULT_CONFIG = "config/switchboard.yaml";
  private static final String USAGE = """
      usage: java -jar switchboard.jar [serve|validate|doctor] [--config PATH] [--port N] [--json]
        serve      start the gateway (default)
        validate   check the configuration, print every problem with its key path, exit 0 or 1
        doctor     check every deployment: dns, tcp, tls, http, auth, a one-token completion;
                   print the first failing step, its reason and the fix to try; exit 0 only when all pass
        --config   configuration file (env SWITCHBOARD_CONFIG, default config/switchboard.yaml)
        --port     listen port, overrides server.port (env SWITCHBOARD_PORT)
        --json     doctor only: print the report as JSON""";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System::getenv, System.out, System.err));
  }

  /** Parsed command line. */
  record Command(String verb, Path config, String port, boolean json) {}

  /** The command line without {@code System.exit}: returns the exit status (0 ok, 1 bad config or start, 2 usage). */
  public static int run(String[] args, Function<String, String> env, PrintStream out, PrintStream err) {
    Command command;
    try {
      command = parse(args, env);
    } catch (IllegalArgumentException e) {
      err.println("switchboard: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (command.verb().equals("help")) {
      out.println(USAGE);
      return 0;
    }
    if (command.verb().equals("serve")) {
      TokenEstimate.warmUpInBackground(); // beside reading the catalog and the configuration
    }
    ProviderRegistry registry = ProviderRegistry.builtIn();
    GatewayConfig config;
    try {
      ConfigLoader.Loaded loaded = new ConfigLoader(registry, env).load(command.config());
      Map<String, String> overrides = new HashMap<>();
      overrides.put("port", command.port());
      config = ConfigLoader.withOverrides(loaded.config(), overrides);
      if (command.verb().equals("validate")) {
        loaded.unsetVariables().forEach(v -> out.println("warning: environment variable " + v
            + " is not set and has no default"));
        out.println(command.config() + ": OK (" + config.providers().size() + " providers, "
            + config.models().size() + " models, " + config.tenants().size() + " tenants)");
        return 0;
      }
      if (command.verb().equals("doctor")) {
        return DoctorCommand.run(config, registry, loaded.unsetVariables(), command.json(), out, err);
      }
    } catch (ConfigException e) {
      for (ConfigProblem p : e.problems()) {
        err.println(p);
      }
      return 1;
    }
    Callable<GatewayConfig> reload = () -> ConfigLoader.withOverrides(
        new ConfigLoader(registry, env).load(command.config()).config(), Map.of("port", String.valueOf(
            command.port() == null ? "" : command.port())));
    return serve(config, registry, command.config(), reload, err);
  }

  private static int serve(GatewayConfig config, ProviderRegistry registry, Path file, Callable<GatewayConfig> reload,
                           PrintStream err) {
    Switchboard gateway;
    try {
      gateway = Switchboard.start(config, registry, file, reload);
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      err.println("switchboard: cannot start on " + config.server().host() + ":" + config.server().port() + ": "
          + cause.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop = () -> {
      gateway.close();
      stopped.countDown();
    };
    Signals.onTerminate(stop);
    Signals.onHangup(gateway::reload);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  static Command parse(String[] args, Function<String, String> env) {
    String verb = "serve";
    String config = env.apply("SWITCHBOARD_CONFIG");
    String port = env.apply("SWITCHBOARD_PORT");
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "serve", "validate", "doctor" -> {
          if (i != 0) {
            throw new IllegalArgumentException("the command '" + arg + "' must come first");
          }
          verb = arg;
        }
        case "help", "--help", "-h" -> verb = "help";
        case "--config" -> config = value(args, ++i, arg);
        case "--port" -> port = value(args, ++i, arg);
        case "--json" -> json = true;
        default -> {
          if (arg.startsWith("--config=")) {
            config = arg.substring("--config=".length());
          } else if (arg.startsWith("--port=")) {
            port = arg.substring("--port=".length());
          } else {
            throw new IllegalArgumentException("unknown argument '" + arg + "'");
          }
        }
      }
    }
    if (json && !verb.equals("doctor") && !verb.equals("help")) {
      throw new IllegalArgumentException("--json is only valid with doctor");
    }
    return new Command(verb, Path.of(config == null || config.isBlank() ? DEFAULT_CONFIG : config), port, json);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
