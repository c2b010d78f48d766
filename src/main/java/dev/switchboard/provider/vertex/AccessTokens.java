package dev.switchboard.provider.vertex;

import com.google.auth.oauth2.AccessToken;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.UpstreamFailureException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A Vertex AI provider's cached OAuth2 access token. The request path only reads it ({@link #bearer()}); fetching
 * is blocking, so it happens on a Vert.x worker: once at {@link #start}, then again ahead of expiry (five minutes
 * before, or half the lifetime of a shorter-lived token), and after a failure with a backoff of 1 s doubling up to
 * 60 s. While no valid token is held, {@link #bearer()} fails the attempt as {@code auth_rejected} with the reason.
 * Never shows the token in {@link #toString()}.
 */
public final class AccessTokens {
  static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);
  static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
  static final long FIRST_RETRY_MS = 1_000;
  static final long MAX_RETRY_MS = 60_000;

  private final TokenSource source;
  private final Clock clock;
  private volatile Held held = new Held(null, Instant.MIN, Instant.MIN, "no access token fetched yet");
  private Vertx vertx;
  private long timer = -1;
  private long retryMs = FIRST_RETRY_MS;
  private boolean refreshing;
  private boolean closed;

  /** What is held: the token (or null), when it expires and is due for refresh, and the last fetch's problem. */
  private record Held(String token, Instant expiresAt, Instant refreshAt, String problem) {}

  public AccessTokens(TokenSource source, Clock clock) {
    this.source = source;
    this.clock = clock;
  }

  /**
   * The current access token for an {@code Authorization: Bearer} header; never blocks.
   *
   * @throws UpstreamFailureException ({@code auth_rejected}) when no unexpired token is held, saying why
   */
  public String bearer() {
    Held now = held;
    if (now.token() != null && clock.instant().isBefore(now.expiresAt())) {
      return now.token();
    }
    String why = now.token() == null ? now.problem()
        : "the token expired at " + now.expiresAt() + (now.problem() == null ? "" : " and the refresh failed: " + now.problem());
    throw new UpstreamFailureException(Failure.of(FailureClass.AUTH_REJECTED, 0, "no Vertex AI access token: " + why));
  }

  /** Whether a refresh is due: no token yet, or the refresh point ahead of expiry has passed. */
  public boolean refreshDue() {
    return !clock.instant().isBefore(held.refreshAt());
  }

  /** Fetches a token now and keeps it; on failure keeps the old token (until it expires) and the reason. Blocking. */
  public void refresh() {
    Held before = held;
    try {
      AccessToken token = source.fetch();
      Instant fetched = clock.instant();
      Instant expiresAt = token.getExpirationTime() == null ? fetched.plus(DEFAULT_LIFETIME)
          : token.getExpirationTime().toInstant();
      Duration lifetime = Duration.between(fetched, expiresAt);
      Duration ahead = lifetime.dividedBy(2).compareTo(REFRESH_AHEAD) < 0 ? lifetime.dividedBy(2) : REFRESH_AHEAD;
      held = new Held(token.getTokenValue(), expiresAt, expiresAt.minus(ahead), null);
    } catch (Exception e) {
      String problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      held = new Held(before.token(), before.expiresAt(), before.refreshAt(), problem);
    }
  }

  /** The reason the last fetch failed, or null after a successful one. */
  public String problem() {
    return held.problem();
  }

  /**
   * Fetches the first token on a worker and keeps it fresh from then on.
   *
   * @return completes when the first fetch has finished, whether or not it produced a token
   */
  public synchronized Future<Void> start(Vertx vertx) {
    this.vertx = vertx;
    return run();
  }

  /** Stops the background refresh. */
  public synchronized void close() {
    closed = true;
    if (vertx != null && timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private synchronized Future<Void> run() {
    if (closed || refreshing) {
      return Future.succeededFuture();
    }
    refreshing = true;
    timer = -1;
    return vertx.<Void>executeBlocking(() -> {
      refresh();
      return null;
    }, false).andThen(done -> scheduleNext());
  }

  private synchronized void scheduleNext() {
    refreshing = false;
    if (closed) {
      return;
    }
    long delayMs;
    if (held.problem() == null) {
      retryMs = FIRST_RETRY_MS;
      delayMs = Duration.between(clock.instant(), held.refreshAt()).toMillis();
    } else {
      delayMs = retryMs;
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
    timer = vertx.setTimer(Math.max(1, delayMs), id -> run());
  }

  @Override
  public String toString() {
    Held now = held;
    return "AccessTokens[token=" + (now.token() == null ? "<none>" : "***") + ", expiresAt=" + now.expiresAt()
        + ", problem=" + now.problem() + "]";
  }
}
