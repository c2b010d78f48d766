package dev.switchboard.provider.vertex;

import com.google.auth.oauth2.AccessToken;
import java.io.IOException;

/** Where a Vertex AI provider's OAuth2 access tokens come from; {@link #fetch()} blocks, so it runs on a worker. */
@FunctionalInterface
public interface TokenSource {

  /**
   * Fetches a new access token now (blocking network I/O).
   *
   * @throws IOException with a one-line message saying why no token could be had (never a secret)
   */
  AccessToken fetch() throws IOException;
}
