package dev.switchboard.provider.bedrock;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.HttpTransport;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderFactory;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code type: bedrock} — Amazon Bedrock's Converse / ConverseStream and InvokeModel (embeddings) APIs, signed
 * with SigV4. Keys: {@code region}, {@code access_key_id}, {@code secret_access_key}, {@code session_token},
 * {@code profile}; the region and credentials fall back to the AWS environment and shared credentials file
 * ({@link AwsSettings}) and are resolved once, when the provider is created.
 */
public final class BedrockProviderFactory implements ProviderFactory {
  private final Map<String, String> environment;
  private final Clock clock;

  /** Reads the process environment and signs with the system clock. */
  public BedrockProviderFactory() {
    this(System.getenv(), Clock.systemUTC());
  }

  BedrockProviderFactory(Map<String, String> environment, Clock clock) {
    this.environment = Map.copyOf(environment);
    this.clock = clock;
  }

  @Override
  public String type() {
    return "bedrock";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(AwsSettings.REGION, AwsSettings.ACCESS_KEY_ID, AwsSettings.SECRET_ACCESS_KEY,
        AwsSettings.SESSION_TOKEN, AwsSettings.PROFILE);
  }

  @Override
  public void validate(ProviderConfig config, String path, List<ConfigProblem> problems) {
    problems.addAll(AwsSettings.resolve(config, path, environment).problems());
  }

  @Override
  public Provider create(ProviderConfig config, Vertx vertx) {
    AwsSettings.Resolution resolved = AwsSettings.resolve(config, "providers." + config.name(), environment);
    if (resolved.settings() == null) {
      throw new IllegalArgumentException(resolved.problems().stream()
          .map(p -> p.path() + ": " + p.message()).collect(Collectors.joining("; ")));
    }
    return new Provider(config, new BedrockAdapter(resolved.settings(), clock), new HttpTransport(vertx, config));
  }
}
