package dev.switchboard.provider.bedrock;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The region and credentials of one {@code bedrock} provider, resolved once when the provider is created (reading
 * a profile file is blocking I/O, so it never happens per request). Credentials come from, in order: the
 * configuration keys {@code access_key_id} + {@code secret_access_key} (+ {@code session_token}); the profile the
 * {@code profile} key names; the environment ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_SESSION_TOKEN}); the profile {@code AWS_PROFILE} names, else {@code default}. Profiles are read from
 * {@code AWS_SHARED_CREDENTIALS_FILE}, else {@code ~/.aws/credentials}. The region comes from the {@code region}
 * key, else {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}.
 *
 * @param region      the AWS region, e.g. {@code us-east-1}
 * @param credentials the credentials to sign with
 */
record AwsSettings(String region, AwsCredentials credentials) {
  static final String REGION = "region";
  static final String ACCESS_KEY_ID = "access_key_id";
  static final String SECRET_ACCESS_KEY = "secret_access_key";
  static final String SESSION_TOKEN = "session_token";
  static final String PROFILE = "profile";
  private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

  /** What resolving found: the settings, or the problems at their key paths. */
  record Resolution(AwsSettings settings, List<ConfigProblem> problems) {}

  /** Resolves the region and credentials for the provider at {@code path}, reading {@code env} for the fallbacks. */
  static Resolution resolve(ProviderConfig config, String path, Map<String, String> env) {
    List<ConfigProblem> problems = new ArrayList<>();
    String region = config.option(REGION, env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "")));
    if (region.isEmpty()) {
      problems.add(new ConfigProblem(path + "." + REGION,
          "required for type bedrock (e.g. us-east-1), unless AWS_REGION is set in the environment"));
    } else if (!REGION_NAME.matcher(region).matches()) {
      problems.add(new ConfigProblem(path + "." + REGION, "expected an AWS region such as us-east-1, was '" + region + "'"));
    }
    if (config.apiKey() != null && !config.apiKey().isEmpty()) {
      problems.add(new ConfigProblem(path + ".api_key",
          "not used by type bedrock, which signs requests with AWS credentials: set access_key_id and secret_access_key"));
    }
    AwsCredentials credentials = credentials(config, path, env, problems);
    return new Resolution(problems.isEmpty() ? new AwsSettings(region, credentials) : null, List.copyOf(problems));
  }

  private static AwsCredentials credentials(ProviderConfig config, String path, Map<String, String> env,
                                            List<ConfigProblem> problems) {
    String keyId = config.option(ACCESS_KEY_ID, "");
    String secret = config.option(SECRET_ACCESS_KEY, "");
    String token = config.option(SESSION_TOKEN, "");
    if (!keyId.isEmpty() || !secret.isEmpty()) {
      if (keyId.isEmpty()) {
        problems.add(new ConfigProblem(path + "." + ACCESS_KEY_ID, "required when secret_access_key is set"));
      }
      if (secret.isEmpty()) {
        problems.add(new ConfigProblem(path + "." + SECRET_ACCESS_KEY, "required when access_key_id is set"));
      }
      return new AwsCredentials(keyId, secret, token.isEmpty() ? null : token, "configuration");
    }
    if (!token.isEmpty()) {
      problems.add(new ConfigProblem(path + "." + SESSION_TOKEN,
          "a session token needs access_key_id and secret_access_key beside it"));
      return null;
    }
    String profile = config.option(PROFILE, "");
    if (!profile.isEmpty()) {
      Optional<AwsCredentials> found = profile(profile, env);
      if (found.isEmpty()) {
        problems.add(new ConfigProblem(path + "." + PROFILE, "no profile '" + profile + "' with aws_access_key_id and "
            + "aws_secret_access_key in " + credentialsFile(env) + " (or the file cannot be read)"));
      }
      return found.orElse(null);
    }
    String envKeyId = env.getOrDefault("AWS_ACCESS_KEY_ID", "");
    String envSecret = env.getOrDefault("AWS_SECRET_ACCESS_KEY", "");
    if (!envKeyId.isEmpty() && !envSecret.isEmpty()) {
      String envToken = env.getOrDefault("AWS_SESSION_TOKEN", "");
      return new AwsCredentials(envKeyId, envSecret, envToken.isEmpty() ? null : envToken, "environment");
    }
    Optional<AwsCredentials> fallback = profile(env.getOrDefault("AWS_PROFILE", "default"), env);
    if (fallback.isEmpty()) {
      problems.add(new ConfigProblem(path + "." + ACCESS_KEY_ID, "no AWS credentials for type bedrock: set "
          + "access_key_id and secret_access_key, a profile, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
          + "in the environment"));
    }
    return fallback.orElse(null);
  }

  private static Optional<AwsCredentials> profile(String name, Map<String, String> env) {
    Path file = credentialsFile(env);
    if (!Files.isReadable(file)) {
      return Optional.empty();
    }
    Optional<Profile> profile;
    try {
      profile = ProfileFile.builder().content(file).type(ProfileFile.Type.CREDENTIALS).build().profile(name);
    } catch (RuntimeException unparsable) { // its message may quote the file's lines, so it is not passed on
      return Optional.empty();
    }
    Optional<String> keyId = profile.flatMap(p -> p.property("aws_access_key_id"));
    Optional<String> secret = profile.flatMap(p -> p.property("aws_secret_access_key"));
    if (keyId.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }
    String token = profile.flatMap(p -> p.property("aws_session_token")).orElse(null);
    return Optional.of(new AwsCredentials(keyId.get(), secret.get(), token, "profile " + name));
  }

  private static Path credentialsFile(Map<String, String> env) {
    String configured = env.getOrDefault("AWS_SHARED_CREDENTIALS_FILE", "");
    if (!configured.isEmpty()) {
      return Path.of(configured);
    }
    return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".aws", "credentials");
  }
}
