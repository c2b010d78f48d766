package dev.switchboard.provider.bedrock;

/**
 * An AWS access key pair, with the session token of temporary credentials (or null). {@link #toString()} shows
 * only the access key id, never the secret or the token.
 *
 * @param accessKeyId     the access key id ({@code AKIA...}, {@code ASIA...})
 * @param secretAccessKey the secret access key
 * @param sessionToken    the session token of temporary credentials, or null
 * @param source          where they came from, for diagnostics ({@code config}, {@code environment}, {@code profile x})
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken, String source) {

  @Override
  public String toString() {
    return "AwsCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***, sessionToken="
        + (sessionToken == null ? "<none>" : "***") + ", source=" + source + "]";
  }
}
