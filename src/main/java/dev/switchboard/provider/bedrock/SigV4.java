package dev.switchboard.provider.bedrock;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * AWS Signature Version 4 over the AWS SDK's signer ({@code AwsV4HttpSigner}): a pure computation over the
 * method, URL, headers and exact body bytes of one request. The {@code host} header is signed as it will be sent:
 * the URL's host, with the port when it is not the scheme's default.
 */
final class SigV4 {
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private SigV4() {}

  /**
   * The request's headers plus the signing headers ({@code authorization}, {@code x-amz-date}, and
   * {@code x-amz-security-token} for temporary credentials), names in lower case. The {@code host} header is
   * signed but not returned: the HTTP client sends it from the URL.
   */
  static Map<String, String> sign(String method, String url, Map<String, String> headers, byte[] body,
                                  AwsCredentials credentials, String region, String service, Clock clock) {
    SdkHttpRequest.Builder request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.fromValue(method))
        .uri(URI.create(url));
    headers.forEach(request::putHeader);
    AwsCredentialsIdentity identity = credentials.sessionToken() == null
        ? AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey())
        : AwsSessionCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey(),
            credentials.sessionToken());
    SignedRequest signed = SIGNER.sign(r -> r
        .identity(identity)
        .request(request.build())
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (!name.equals("host")) {
        out.put(name, String.join(",", h.getValue()));
      }
    }
    return out;
  }
}
