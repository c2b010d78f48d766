package dev.switchboard.limit;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run atomically in Redis: sent by its SHA-1 ({@code EVALSHA}), and in full ({@code EVAL}) only
 * when the server does not know it yet (after a restart or a {@code SCRIPT FLUSH}).
 */
public final class RedisScript {
  private final String source;
  private final String sha1;

  public RedisScript(String source) {
    this.source = source;
    try {
      this.sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
    }
  }

  /** Runs the script with {@code keys} and {@code args}. */
  public Future<Response> run(RedisAPI redis, List<String> keys, List<String> args) {
    return redis.evalsha(arguments(sha1, keys, args)).recover(e -> {
      if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
        return redis.eval(arguments(source, keys, args));
      }
      return Future.failedFuture(e);
    });
  }

  private static List<String> arguments(String script, List<String> keys, List<String> args) {
    List<String> out = new ArrayList<>(2 + keys.size() + args.size());
    out.add(script);
    out.add(String.valueOf(keys.size()));
    out.addAll(keys);
    out.addAll(args);
    return out;
  }
}
