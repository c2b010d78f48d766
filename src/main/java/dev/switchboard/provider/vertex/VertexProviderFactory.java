package dev.switchboard.provider.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.switchboard.api.Json;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.HttpTransport;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderFactory;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code type: vertex} — Google Vertex AI. Keys: {@code project} and {@code location} (required),
 * {@code credentials_file} (a service-account key; without it, the application-default credentials) and
 * {@code publisher} ({@code google} or {@code anthropic}, to override the choice by model name). Each provider
 * gets its own {@link AccessTokens}, fetched on a worker at creation and refreshed ahead of expiry.
 */
public final class VertexProviderFactory implements ProviderFactory {
  private static final Logger LOG = LoggerFactory.getLogger(VertexProviderFactory.class);
  private static final long FIRST_TOKEN_WAIT_S = 10;
  private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9.:-]*");
  private static final Pattern LOCATION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  @Override
  public String type() {
    return "vertex";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(VertexEndpoints.PROJECT, VertexEndpoints.LOCATION, VertexEndpoints.CREDENTIALS_FILE,
        VertexPublisher.OPTION);
  }

  @Override
  public void validate(ProviderConfig config, String path, List<ConfigProblem> problems) {
    String project = config.option(VertexEndpoints.PROJECT, "");
    if (project.isEmpty()) {
      problems.add(new ConfigProblem(path + ".project", "required for type vertex (the Google Cloud project id)"));
    } else if (!PROJECT.matcher(project).matches()) {
      problems.add(new ConfigProblem(path + ".project", "expected a Google Cloud project id such as my-project-123, "
          + "was '" + project + "'"));
    }
    String location = config.option(VertexEndpoints.LOCATION, "");
    if (location.isEmpty()) {
      problems.add(new ConfigProblem(path + ".location", "required for type vertex (a region such as us-central1, "
          + "or global)"));
    } else if (!LOCATION.matcher(location).matches()) {
      problems.add(new ConfigProblem(path + ".location", "expected a region such as us-central1 or global, was '"
          + location + "'"));
    }
    String publisher = config.option(VertexPublisher.OPTION, null);
    if (publisher != null && VertexPublisher.parse(publisher) == null) {
      problems.add(new ConfigProblem(path + ".publisher", "must be google or anthropic, was '" + publisher + "'"));
    }
    if (config.apiKey() != null && !config.apiKey().isEmpty()) {
      problems.add(new ConfigProblem(path + ".api_key", "not used by type vertex: it authenticates with "
          + "credentials_file or the application-default credentials"));
    }
    String file = config.option(VertexEndpoints.CREDENTIALS_FILE, null);
    if (file != null) {
      String problem = serviceAccountProblem(Path.of(file));
      if (problem != null) {
        problems.add(new ConfigProblem(path + ".credentials_file", problem));
      }
    }
  }

  /** Why {@code file} is not a usable service-account key, or null when it is. Never quotes the key. */
  static String serviceAccountProblem(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (Exception e) {
      return "cannot read " + file + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
    JsonNode key;
    try {
      key = Json.MAPPER.readTree(bytes);
    } catch (Exception e) {
      return file + " is not JSON: expected a service-account key file downloaded from Google Cloud";
    }
    if (key == null || !"service_account".equals(key.path("type").asText())) {
      return file + " is not a service-account key (its \"type\" must be \"service_account\")";
    }
    for (String member : List.of("client_email", "private_key")) {
      if (!key.path(member).isTextual() || key.path(member).asText().isBlank()) {
        return file + " has no " + member;
      }
    }
    String tokenUri = key.path("token_uri").asText("");
    if (!tokenUri.isEmpty() && !tokenUri.startsWith("https://") && !tokenUri.startsWith("http://")) {
      return file + " has a token_uri that is not an http(s) URL";
    }
    try {
      ServiceAccountCredentials.fromStream(new ByteArrayInputStream(bytes));
    } catch (Exception e) {
      return file + " is not a usable service-account key (" + e.getClass().getSimpleName()
          + "; check its private_key)";
    }
    return null;
  }

  @Override
  public Provider create(ProviderConfig config, Vertx vertx) {
    String file = config.option(VertexEndpoints.CREDENTIALS_FILE, null);
    AccessTokens tokens = new AccessTokens(new GoogleTokenSource(file == null ? null : Path.of(file)),
        Clock.systemUTC());
    awaitFirstToken(config, tokens, tokens.start(vertx));
    return new Provider(config, new VertexAdapter(tokens), new VertexTransport(new HttpTransport(vertx, config), tokens));
  }

  /** Off the event loop (at start), waits briefly for the first token, so the first requests need not fail. */
  private static void awaitFirstToken(ProviderConfig config, AccessTokens tokens, Future<Void> first) {
    if (Context.isOnVertxThread()) {
      return;
    }
    try {
      first.toCompletionStage().toCompletableFuture().get(FIRST_TOKEN_WAIT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("provider {}: no Vertex AI access token after {} s; still trying in the background", config.name(),
          FIRST_TOKEN_WAIT_S);
      return;
    }
    if (tokens.problem() != null) {
      LOG.warn("provider {}: no Vertex AI access token yet ({}); retrying in the background", config.name(),
          tokens.problem());
    }
  }
}
