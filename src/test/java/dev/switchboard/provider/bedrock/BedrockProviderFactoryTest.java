package dev.switchboard.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ProviderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Region and credentials: configuration keys, then a named profile, then the environment, then the default profile. */
class BedrockProviderFactoryTest {
  @TempDir
  Path home;

  private static ProviderConfig config(Map<String, String> options) {
    return new ProviderConfig("aws", "bedrock", "https://bedrock-runtime.{region}.amazonaws.com", "", 60000, 5000, 8,
        options);
  }

  private Map<String, String> env(String... pairs) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("HOME", home.toString()));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private void credentialsFile(String text) throws IOException {
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/credentials"), text);
  }

  private static List<ConfigProblem> problems(ProviderConfig config, Map<String, String> env) {
    List<ConfigProblem> problems = new ArrayList<>();
    new BedrockProviderFactory(env, Clock.systemUTC()).validate(config, "providers.aws", problems);
    return problems;
  }

  @Test
  void configurationKeysComeFirst() {
    AwsSettings.Resolution r = AwsSettings.resolve(config(Map.of("region", "eu-central-1", "access_key_id", "AKIACONFIG",
        "secret_access_key", "s3cret", "session_token", "tok")), "providers.aws",
        env("AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "envsecret"));
    assertTrue(r.problems().isEmpty(), r.problems().toString());
    assertEquals("eu-central-1", r.settings().region());
    assertEquals("AKIACONFIG", r.settings().credentials().accessKeyId());
    assertEquals("tok", r.settings().credentials().sessionToken());
    assertFalse(r.settings().toString().contains("s3cret"), r.settings().toString());
  }

  @Test
  void theEnvironmentThenTheDefaultProfile() throws IOException {
    AwsSettings.Resolution fromEnv = AwsSettings.resolve(config(Map.of()), "providers.aws",
        env("AWS_REGION", "us-east-2", "AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "envsecret",
            "AWS_SESSION_TOKEN", "envtoken"));
    assertEquals("us-east-2", fromEnv.settings().region());
    assertEquals("AKIAENV", fromEnv.settings().credentials().accessKeyId());
    assertEquals("envtoken", fromEnv.settings().credentials().sessionToken());
    assertEquals("environment", fromEnv.settings().credentials().source());

    credentialsFile("[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = defsecret\n");
    AwsSettings.Resolution fromDefault = AwsSettings.resolve(config(Map.of("region", "us-east-1")), "providers.aws", env());
    assertEquals("AKIADEFAULT", fromDefault.settings().credentials().accessKeyId());
    assertNull(fromDefault.settings().credentials().sessionToken());
  }

  @Test
  void aNamedProfileFromTheSharedCredentialsFile() throws IOException {
    Path file = home.resolve("creds");
    Files.writeString(file, "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = d\n"
        + "[bedrock-prod]\naws_access_key_id = ASIAPROD\naws_secret_access_key = prodsecret\naws_session_token = prodtoken\n");
    AwsSettings.Resolution r = AwsSettings.resolve(config(Map.of("region", "us-east-1", "profile", "bedrock-prod")),
        "providers.aws", env("AWS_SHARED_CREDENTIALS_FILE", file.toString(),
            "AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "envsecret"));
    assertEquals("ASIAPROD", r.settings().credentials().accessKeyId());
    assertEquals("prodtoken", r.settings().credentials().sessionToken());
    assertEquals("profile bedrock-prod", r.settings().credentials().source());

    List<ConfigProblem> missing = problems(config(Map.of("region", "us-east-1", "profile", "nope")),
        env("AWS_SHARED_CREDENTIALS_FILE", file.toString()));
    assertEquals("providers.aws.profile", missing.get(0).path());

    Path broken = home.resolve("broken");
    Files.writeString(broken, "[bedrock-prod\naws_secret_access_key\n");
    List<ConfigProblem> unreadable = problems(config(Map.of("region", "us-east-1", "profile", "bedrock-prod")),
        env("AWS_SHARED_CREDENTIALS_FILE", broken.toString()));
    assertEquals("providers.aws.profile", unreadable.get(0).path());
  }

  @Test
  void problemsAtTheirKeyPaths() {
    List<ConfigProblem> none = problems(config(Map.of()), env());
    assertEquals(List.of("providers.aws.region", "providers.aws.access_key_id"),
        none.stream().map(ConfigProblem::path).toList());
    assertEquals("providers.aws.secret_access_key", problems(config(Map.of("region", "us-east-1",
        "access_key_id", "AKIA")), env()).get(0).path());
    assertEquals("providers.aws.region", problems(config(Map.of("region", "US East", "access_key_id", "AKIA",
        "secret_access_key", "s")), env()).get(0).path());
    assertEquals("providers.aws.session_token", problems(config(Map.of("region", "us-east-1",
        "session_token", "t")), env()).get(0).path());
    List<ConfigProblem> apiKey = new ArrayList<>();
    new BedrockProviderFactory(env(), Clock.systemUTC()).validate(new ProviderConfig("aws", "bedrock", "", "k", 1, 1, 1,
        Map.of("region", "us-east-1", "access_key_id", "AKIA", "secret_access_key", "s")), "providers.aws", apiKey);
    assertEquals("providers.aws.api_key", apiKey.get(0).path());
    assertTrue(problems(config(Map.of("region", "us-east-1", "access_key_id", "AKIA", "secret_access_key", "s")), env())
        .isEmpty());
  }

  @Test
  void secretsNeverAppearInProblems() {
    List<ConfigProblem> problems = problems(config(Map.of("secret_access_key", "very-secret-value")), env());
    assertTrue(problems.stream().noneMatch(p -> p.message().contains("very-secret-value")), problems.toString());
  }
}
