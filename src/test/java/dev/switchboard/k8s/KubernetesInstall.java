package dev.switchboard.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code kubectl apply -k DIR} would create, read with the fabric8 Kubernetes model: the manifests a
 * kustomization lists, those of the kustomizations it builds on, and the Secrets its {@code secretGenerator}
 * makes (by their base name; kustomize adds a hash suffix and rewrites the references to match).
 */
record KubernetesInstall(List<HasMetadata> resources, Map<String, Map<String, String>> generatedSecrets) {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

  /** Reads the kustomization in {@code dir} and, recursively, every base it lists. */
  static KubernetesInstall load(Path dir) {
    List<HasMetadata> resources = new ArrayList<>();
    Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
    collect(dir, resources, secrets);
    return new KubernetesInstall(List.copyOf(resources), Map.copyOf(secrets));
  }

  private static void collect(Path dir, List<HasMetadata> resources, Map<String, Map<String, String>> secrets) {
    JsonNode kustomization = kustomization(dir);
    for (JsonNode entry : kustomization.path("resources")) {
      Path target = dir.resolve(entry.asText()).normalize();
      if (Files.isDirectory(target)) {
        collect(target, resources, secrets);
      } else {
        resources.addAll(parse(target));
      }
    }
    for (JsonNode generator : kustomization.path("secretGenerator")) {
      Map<String, String> data = new LinkedHashMap<>();
      for (JsonNode literal : generator.path("literals")) {
        String text = literal.asText();
        int eq = text.indexOf('=');
        assertTrue(eq > 0, dir + ": secretGenerator literal without '=': " + text);
        data.put(text.substring(0, eq), text.substring(eq + 1));
      }
      secrets.put(generator.path("name").asText(), data);
    }
  }

  /** The parsed {@code kustomization.yaml} of {@code dir}. */
  static JsonNode kustomization(Path dir) {
    Path file = dir.resolve("kustomization.yaml");
    assertTrue(Files.isRegularFile(file), dir + " has no kustomization.yaml");
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }

  /** Every YAML document of a manifest file, each unmarshalled to its Kubernetes model class. */
  static List<HasMetadata> parse(Path file) {
    List<HasMetadata> out = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document == null || document.isNull() || document.isEmpty()) {
          continue;
        }
        Object resource = KUBERNETES.unmarshal(document.toString());
        if (!(resource instanceof HasMetadata object)) {
          return fail(file + ": a document is not a Kubernetes object: " + document.path("kind"));
        }
        out.add(object);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
    return out;
  }

  /** The object of that class and name; fails when there is none. */
  <T extends HasMetadata> T one(Class<T> kind, String name) {
    return all(kind).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
        .orElseGet(() -> fail("no " + kind.getSimpleName() + " named " + name));
  }

  <T extends HasMetadata> List<T> all(Class<T> kind) {
    return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /**
   * The environment the container starts with: {@code envFrom} ConfigMaps and Secrets, then {@code env} values
   * (which win). A Secret key comes from {@code secretValue}; a reference that is not optional must resolve.
   */
  Map<String, String> environment(Container container, Function<SecretKeySelector, String> secretValue) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource source : container.getEnvFrom()) {
      if (source.getConfigMapRef() != null) {
        env.putAll(one(ConfigMap.class, source.getConfigMapRef().getName()).getData());
      } else if (source.getSecretRef() != null) {
        Map<String, String> secret = generatedSecrets.get(source.getSecretRef().getName());
        if (secret == null) {
          assertEquals(Boolean.TRUE, source.getSecretRef().getOptional(),
              "envFrom Secret " + source.getSecretRef().getName() + " is not installed and not optional");
        } else {
          env.putAll(secret);
        }
      }
    }
    for (EnvVar variable : container.getEnv()) {
      if (variable.getValueFrom() == null) {
        env.put(variable.getName(), variable.getValue());
      } else if (variable.getValueFrom().getSecretKeyRef() != null) {
        SecretKeySelector ref = variable.getValueFrom().getSecretKeyRef();
        String value = secretValue.apply(ref);
        if (value != null) {
          env.put(variable.getName(), value);
        } else {
          assertEquals(Boolean.TRUE, ref.getOptional(), variable.getName() + ": Secret " + ref.getName()
              + " has no key " + ref.getKey() + " and the reference is not optional");
        }
      } else {
        String key = variable.getValueFrom().getConfigMapKeyRef().getKey();
        String value = one(ConfigMap.class, variable.getValueFrom().getConfigMapKeyRef().getName()).getData().get(key);
        assertNotNull(value, variable.getName() + ": no ConfigMap key " + key);
        env.put(variable.getName(), value);
      }
    }
    return env;
  }

  /** The paths of every field of {@code object} the model did not recognise (a typo or a field at the wrong level). */
  static List<String> unknownFields(HasMetadata object) {
    List<String> unknown = new ArrayList<>();
    collectUnknownFields(object, object.getKind(), unknown);
    return unknown;
  }

  private static void collectUnknownFields(Object value, String path, List<String> unknown) {
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        collectUnknownFields(item, path + "[" + i++ + "]", unknown);
      }
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, unknown));
    } else if (value != null && value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      for (Method getter : value.getClass().getMethods()) {
        Class<?> type = getter.getReturnType();
        boolean model = type.getName().startsWith("io.fabric8.kubernetes.api.model")
            || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type);
        if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || !model) {
          continue;
        }
        Object field = invoke(getter, value);
        if (getter.getName().equals("getAdditionalProperties")) {
          ((Map<?, ?>) field).keySet().forEach(k -> unknown.add(path + "." + k));
        } else {
          collectUnknownFields(field, path + "." + getter.getName().substring(3), unknown);
        }
      }
    }
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new AssertionError(getter + " on " + target.getClass().getSimpleName(), e);
    }
  }
}
