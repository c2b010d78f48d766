package dev.switchboard.limit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.UUID;

/**
 * The Redis at 127.0.0.1:6379 that Redis tests share, each under a random key prefix. With {@code CI=true}
 * Redis is mandatory (a test fails when it is down); elsewhere such tests are skipped.
 */
public final class RedisBackend {
  public static final String URL = "redis://127.0.0.1:6379";

  private RedisBackend() {}

  /** Skips the test when Redis is not reachable, except on CI where it must be. */
  public static void require() {
    boolean up;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 6379), 2_000);
      up = true;
    } catch (IOException e) {
      up = false;
    }
    if (!up && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("Redis at 127.0.0.1:6379 is required on CI");
    }
    assumeTrue(up, "Redis at 127.0.0.1:6379 is not reachable");
  }

  /** A client of the test Redis. */
  public static RedisAPI connect(Vertx vertx) {
    require();
    return RedisAPI.api(Redis.createClient(vertx, new RedisOptions().setConnectionString(URL).setMaxPoolSize(16)
        .setMaxPoolWaiting(1024)));
  }

  /** A key prefix no other test run uses. */
  public static String prefix() {
    return "test-" + UUID.randomUUID() + ":";
  }
}
