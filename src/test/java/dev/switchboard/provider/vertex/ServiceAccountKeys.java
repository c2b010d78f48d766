package dev.switchboard.provider.vertex;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;

/** Writes throwaway service-account key files (a fresh RSA key) whose {@code token_uri} points at a test fake. */
public final class ServiceAccountKeys {
  public static final String CLIENT_EMAIL = "switchboard-test@my-project.iam.gserviceaccount.com";
  private static PrivateKey key;

  private ServiceAccountKeys() {}

  /** Writes {@code name} into {@code dir}: a service-account key for {@code my-project} using {@code tokenUri}. */
  public static Path write(Path dir, String name, String tokenUri) {
    ObjectNode json = Json.MAPPER.createObjectNode()
        .put("type", "service_account")
        .put("project_id", "my-project")
        .put("private_key_id", "0123456789abcdef0123456789abcdef01234567")
        .put("private_key", pem())
        .put("client_email", CLIENT_EMAIL)
        .put("client_id", "100000000000000000001")
        .put("auth_uri", "https://accounts.google.com/o/oauth2/auth")
        .put("token_uri", tokenUri);
    try {
      Path file = dir.resolve(name);
      Files.writeString(file, json.toPrettyString());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized String pem() {
    if (key == null) {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair().getPrivate();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
