package dev.switchboard.provider.vertex;

import com.google.api.client.http.HttpResponseException;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Access tokens from Google's auth library: a service-account key file (the token is requested from the key's
 * {@code token_uri} with a signed JWT) or, without a file, the application-default credentials. The credentials are
 * loaded on the first {@link #fetch()}, on a worker thread like every fetch. Failures become one-line reasons:
 * the key file cannot be read, no application-default credentials, the token endpoint refused the key (clock skew
 * called out), or no answer from the token endpoint.
 */
final class GoogleTokenSource implements TokenSource {
  static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
  private static final int MAX_DETAIL = 300;
  private final Path credentialsFile;
  private GoogleCredentials credentials;

  /** Tokens for the key in {@code credentialsFile}, or application-default credentials when it is null. */
  GoogleTokenSource(Path credentialsFile) {
    this.credentialsFile = credentialsFile;
  }

  @Override
  public synchronized AccessToken fetch() throws IOException {
    if (credentials == null) {
      credentials = load();
    }
    AccessToken token;
    try {
      token = credentials.refreshAccessToken();
    } catch (IOException e) {
      throw new IOException(refusal(e), e);
    }
    if (token == null || token.getTokenValue() == null) {
      throw new IOException("the token endpoint answered without an access token");
    }
    return token;
  }

  private GoogleCredentials load() throws IOException {
    if (credentialsFile == null) {
      try {
        GoogleCredentials found = GoogleCredentials.getApplicationDefault();
        return found.createScopedRequired() ? found.createScoped(List.of(SCOPE)) : found;
      } catch (IOException e) {
        throw new IOException("no application-default credentials (set credentials_file or "
            + "GOOGLE_APPLICATION_CREDENTIALS): " + detail(e.getMessage()), e);
      }
    }
    try (InputStream in = Files.newInputStream(credentialsFile)) {
      return ServiceAccountCredentials.fromStream(in).createScoped(List.of(SCOPE));
    } catch (IOException e) {
      throw new IOException("cannot read credentials_file " + credentialsFile + " as a service-account key: "
          + detail(e.toString()), e);
    }
  }

  /** Why the token endpoint gave no token, from the library's exception and the endpoint's answer. */
  static String refusal(Throwable error) {
    HttpResponseException answer = null;
    for (Throwable t = error; t != null && answer == null; t = t.getCause()) {
      if (t instanceof HttpResponseException http) {
        answer = http;
      }
    }
    if (answer == null) {
      return "no answer from the token endpoint: " + detail(error.toString());
    }
    String content = answer.getContent() == null ? "" : answer.getContent();
    String lower = content.toLowerCase(Locale.ROOT);
    String refused = "the token endpoint refused the service account (HTTP " + answer.getStatusCode() + "): "
        + detail(content.isBlank() ? String.valueOf(answer.getStatusMessage()) : content);
    if (lower.contains("invalid_grant") && (lower.contains("timeframe") || lower.contains(" iat "))) {
      return refused + " — clock skew: the JWT's issue time is out of the accepted window; check this host's clock";
    }
    return refused;
  }

  private static String detail(String message) {
    String oneLine = message == null ? "" : message.replaceAll("\\s+", " ").strip();
    return oneLine.length() > MAX_DETAIL ? oneLine.substring(0, MAX_DETAIL) + "..." : oneLine;
  }
}
