package dev.switchboard.provider.azure;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.HttpTransport;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderFactory;
import dev.switchboard.provider.openai.OpenAiAdapter;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code type: azure-openai} — an Azure OpenAI resource: {@code base_url} is the resource root
 * ({@code https://<name>.openai.azure.com}), {@code api_version} is required, and exactly one of
 * {@code api_key} (sent as {@code api-key}) or {@code azure_ad_token} (a Microsoft Entra ID bearer token).
 * The bodies are OpenAI's, so the {@link OpenAiAdapter} translates them.
 */
public final class AzureOpenAiProviderFactory implements ProviderFactory {
  private static final OpenAiAdapter ADAPTER = new OpenAiAdapter(new AzureOpenAiEndpoint());
  private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");
  private static final Pattern OPENAI_PATH =
      Pattern.compile("https?://[^/]+/(.*/)?openai(/.*)?", Pattern.CASE_INSENSITIVE);

  /** The adapter every Azure OpenAI provider shares. */
  public static OpenAiAdapter adapter() {
    return ADAPTER;
  }

  @Override
  public String type() {
    return "azure-openai";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(AzureOpenAiEndpoint.API_VERSION, AzureOpenAiEndpoint.AD_TOKEN);
  }

  @Override
  public void validate(ProviderConfig config, String path, List<ConfigProblem> problems) {
    if (config.baseUrl() == null || config.baseUrl().isEmpty()) {
      problems.add(new ConfigProblem(path + ".base_url",
          "required for type azure-openai (the resource root, e.g. https://<resource>.openai.azure.com)"));
    } else if (OPENAI_PATH.matcher(config.baseUrl()).matches()) {
      problems.add(new ConfigProblem(path + ".base_url", "must be the resource root without /openai "
          + "(e.g. https://<resource>.openai.azure.com): the gateway adds /openai/deployments/<deployment>"));
    }
    String version = config.option(AzureOpenAiEndpoint.API_VERSION, "");
    if (version.isEmpty()) {
      problems.add(new ConfigProblem(path + ".api_version", "required for type azure-openai (e.g. 2024-10-21)"));
    } else if (!VERSION.matcher(version).matches()) {
      problems.add(new ConfigProblem(path + ".api_version",
          "expected an Azure OpenAI API version such as 2024-10-21 or 2025-04-01-preview, was '" + version + "'"));
    }
    boolean hasKey = config.apiKey() != null && !config.apiKey().isEmpty();
    boolean hasToken = !config.option(AzureOpenAiEndpoint.AD_TOKEN, "").isEmpty();
    if (!hasKey && !hasToken) {
      problems.add(new ConfigProblem(path + ".api_key", "required for type azure-openai unless azure_ad_token is set"));
    } else if (hasKey && hasToken) {
      problems.add(new ConfigProblem(path + ".azure_ad_token", "set either api_key or azure_ad_token, not both"));
    }
  }

  @Override
  public Provider create(ProviderConfig config, Vertx vertx) {
    return new Provider(config, ADAPTER, new HttpTransport(vertx, config));
  }
}
