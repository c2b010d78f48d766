package dev.switchboard.k8s;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.prompt.Prompt;
import dev.switchboard.prompt.PromptException;
import dev.switchboard.prompt.PromptParser;
import dev.switchboard.provider.ProviderRegistry;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under {@code k8s/}, parsed with the fabric8 Kubernetes model, checked against the gateway
 * configuration it carries: the embedded {@code switchboard.yaml} must load with the gateway's own
 * {@link ConfigLoader} in the environment the Deployment gives it, and ports, probes, mounted paths, the
 * shutdown budget and the self-contained overlay's PostgreSQL and Redis must agree with it.
 */
class ManifestsTest {
  private static final Path K8S = Path.of("k8s");
  private static final Path BASE = K8S.resolve("base");
  private static final Path SELF_CONTAINED = K8S.resolve("overlays/self-contained");
  private static final String GATEWAY = "switchboard";
  /** Stands in for a Secret value the base leaves to the operator (long enough for a tenant key). */
  private static final String SECRET_PLACEHOLDER = "k8s-test-secret-value";
  private static final Pattern PLACEHOLDER_WORDS = Pattern.compile("(?i)replace|change-me|demo");
  private static final Pattern PROVIDER_KEY_SHAPES =
      Pattern.compile("sk-(proj-|ant-)?[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{30,}|AKIA[0-9A-Z]{16}");

  private final KubernetesInstall base = KubernetesInstall.load(BASE);
  private final KubernetesInstall selfContained = KubernetesInstall.load(SELF_CONTAINED);

  @Test
  void everyManifestParsesToAKnownKindWithOnlyKnownFields() throws IOException {
    List<Path> files = manifestFiles();
    assertTrue(files.size() >= 11, "manifest files found: " + files);
    for (Path file : files) {
      List<HasMetadata> objects = KubernetesInstall.parse(file);
      assertFalse(objects.isEmpty(), file + " holds no object");
      for (HasMetadata object : objects) {
        String where = file + ": " + object.getKind() + " " + object.getMetadata().getName();
        assertFalse(object instanceof GenericKubernetesResource, where + " is not a kind the model knows");
        assertNotNull(object.getMetadata().getName(), where + " has no name");
        assertEquals(List.of(), KubernetesInstall.unknownFields(object),
            where + ": fields the Kubernetes API does not define");
      }
    }
    Set<String> kinds = new TreeSet<>(base.resources().stream().map(HasMetadata::getKind).toList());
    assertEquals(Set.of("ConfigMap", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Service"), kinds);
  }

  @Test
  void theConfigMapHoldsAValidGatewayConfigWhoseVariablesTheDeploymentSupplies() {
    GatewayConfig config = gatewayConfig(base, ref -> SECRET_PLACEHOLDER + "-" + ref.getKey());
    assertTrue(config.store().url().startsWith("jdbc:postgresql://"), "replicas share PostgreSQL, not SQLite: "
        + config.store().url());
    assertEquals(SECRET_PLACEHOLDER + "-store-password", config.store().password());
    assertTrue(config.redis().url().startsWith("redis://"), "replicas share rate limits in Redis");
  }

  @Test
  void portsProbesAndTheServiceAgreeWithTheConfig() {
    GatewayConfig config = gatewayConfig(base, ref -> SECRET_PLACEHOLDER);
    Deployment deployment = base.one(Deployment.class, GATEWAY);
    Container gateway = gatewayContainer(deployment);
    int port = config.server().port();
    assertEquals("0.0.0.0", config.server().host(), "the kubelet and the Service reach the pod's own address");
    assertEquals(1, gateway.getPorts().size());
    assertEquals(port, gateway.getPorts().get(0).getContainerPort());
    String portName = gateway.getPorts().get(0).getName();
    assertAll(
        () -> assertHttpProbe(gateway.getStartupProbe(), "/healthz", portName),
        () -> assertHttpProbe(gateway.getLivenessProbe(), "/healthz", portName),
        () -> assertHttpProbe(gateway.getReadinessProbe(), "/readyz", portName));
    Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    assertEquals("true", annotations.get("prometheus.io/scrape"));
    assertEquals(String.valueOf(port), annotations.get("prometheus.io/port"));
    assertEquals("/metrics", annotations.get("prometheus.io/path"));

    Service service = base.one(Service.class, GATEWAY);
    ServicePort servicePort = service.getSpec().getPorts().get(0);
    assertEquals(80, servicePort.getPort());
    assertEquals(portName, servicePort.getTargetPort().getStrVal(), "the Service targets the named container port");
    assertSelects(service.getSpec().getSelector(), deployment);
  }

  @Test
  void theConfigFileAndThePromptsAreMountedWhereTheGatewayReadsThem() {
    GatewayConfig config = gatewayConfig(base, ref -> SECRET_PLACEHOLDER);
    PodSpec pod = base.one(Deployment.class, GATEWAY).getSpec().getTemplate().getSpec();
    Container gateway = gatewayContainer(base.one(Deployment.class, GATEWAY));

    int flag = gateway.getArgs().indexOf("--config");     // the flag wins over the environment (Main)
    Path configFile = Path.of(flag >= 0 ? gateway.getArgs().get(flag + 1)
        : base.environment(gateway, ref -> SECRET_PLACEHOLDER).get("SWITCHBOARD_CONFIG"));
    VolumeMount configMount = mountAt(gateway, configFile.getParent().toString());
    assertEquals("switchboard-config", configMapOf(pod, configMount));
    String configKey = configFile.getFileName().toString();
    assertTrue(base.one(ConfigMap.class, "switchboard-config").getData().containsKey(configKey));

    VolumeMount promptsMount = mountAt(gateway, config.prompts().dir());
    ConfigMap prompts = base.one(ConfigMap.class, configMapOf(pod, promptsMount));
    assertFalse(prompts.getData().isEmpty());
    Set<String> names = new TreeSet<>();
    for (Map.Entry<String, String> file : prompts.getData().entrySet()) {
      assertTrue(file.getKey().matches(".+\\.ya?ml"), file.getKey() + ": the gateway loads *.yaml / *.yml only");
      try {
        Prompt prompt = PromptParser.parse(KubernetesInstall.YAML.readTree(file.getValue()), null,
            config.models()::containsKey, "configmap:" + file.getKey());
        assertTrue(names.add(prompt.name()), "prompt " + prompt.name() + " is defined twice");
      } catch (IOException | PromptException e) {
        fail(file.getKey() + " is not a valid prompt: " + e);
      }
    }
    assertTrue(gateway.getSecurityContext().getReadOnlyRootFilesystem());
    assertNotNull(volume(pod, mountAt(gateway, "/tmp").getName()).getEmptyDir(), "/tmp is a writable emptyDir");
    VolumeMount journal = mountAt(gateway, config.ledger().journalDir());
    assertFalse(Boolean.TRUE.equals(journal.getReadOnly()), "the usage journal is written by the gateway");
    assertNotNull(volume(pod, journal.getName()).getEmptyDir(),
        "the usage journal lives on its own volume, which outlives a container restart");
  }

  @Test
  void podsGetMoreGraceThanPreStopPlusTheDrainAndRollOutWithoutLosingCapacity() {
    GatewayConfig config = gatewayConfig(base, ref -> SECRET_PLACEHOLDER);
    Deployment deployment = base.one(Deployment.class, GATEWAY);
    List<String> preStop = gatewayContainer(deployment).getLifecycle().getPreStop().getExec().getCommand();
    assertEquals("sleep", preStop.get(0), "the preStop hook runs sleep (the JRE image is Ubuntu with coreutils)");
    long preStopMs = Long.parseLong(preStop.get(1)) * 1000;
    long graceMs = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds() * 1000;
    assertTrue(graceMs > preStopMs + config.server().drainTimeoutMs(), "grace " + graceMs + " ms must exceed preStop "
        + preStopMs + " ms + drain " + config.server().drainTimeoutMs() + " ms");
    assertEquals(2, deployment.getSpec().getReplicas());
    assertEquals("RollingUpdate", deployment.getSpec().getStrategy().getType());
    assertEquals(0, deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());
    assertEquals(1, deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal());
  }

  @Test
  void everyPodRunsNonRootWithoutCapabilitiesAndWithMemoryLimits() {
    List<PodSpec> pods = new ArrayList<>();
    selfContained.all(Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
    selfContained.all(StatefulSet.class).forEach(s -> pods.add(s.getSpec().getTemplate().getSpec()));
    assertEquals(3, pods.size(), "gateway, PostgreSQL and Redis");
    for (PodSpec pod : pods) {
      assertTrue(pod.getSecurityContext().getRunAsNonRoot());
      assertTrue(pod.getSecurityContext().getRunAsUser() > 0);
      assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
      assertFalse(pod.getAutomountServiceAccountToken());
      for (Container container : pod.getContainers()) {
        String where = container.getName() + ": ";
        assertFalse(container.getSecurityContext().getAllowPrivilegeEscalation(), where + "privilege escalation");
        assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop(),
            where + "capabilities");
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem(), where + "read-only root filesystem");
        Quantity memory = container.getResources().getLimits().get("memory");
        assertNotNull(memory, where + "a memory limit");
        assertTrue(Quantity.getAmountInBytes(container.getResources().getRequests().get("memory"))
            .compareTo(Quantity.getAmountInBytes(memory)) <= 0, where + "memory request within the limit");
        assertNotNull(container.getResources().getRequests().get("cpu"), where + "a CPU request (the HPA needs it)");
      }
    }
  }

  @Test
  void theDisruptionBudgetAndTheAutoscalerSelectTheDeployment() {
    Deployment deployment = base.one(Deployment.class, GATEWAY);
    assertEquals(deployment.getSpec().getSelector().getMatchLabels(),
        deployment.getSpec().getTemplate().getMetadata().getLabels(), "the selector matches the pod labels");
    PodDisruptionBudget pdb = base.one(PodDisruptionBudget.class, GATEWAY);
    assertEquals(1, pdb.getSpec().getMinAvailable().getIntVal());
    assertSelects(pdb.getSpec().getSelector().getMatchLabels(), deployment);

    HorizontalPodAutoscaler hpa = base.one(HorizontalPodAutoscaler.class, GATEWAY);
    assertEquals("apps/v1", hpa.getSpec().getScaleTargetRef().getApiVersion());
    assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
    assertEquals(GATEWAY, hpa.getSpec().getScaleTargetRef().getName());
    assertEquals(deployment.getSpec().getReplicas(), hpa.getSpec().getMinReplicas());
    assertTrue(hpa.getSpec().getMinReplicas() > pdb.getSpec().getMinAvailable().getIntVal(),
        "at minimum scale one pod can still be drained");
    assertTrue(hpa.getSpec().getMaxReplicas() > hpa.getSpec().getMinReplicas());
    assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
  }

  @Test
  void kustomizationsListExactlyTheFilesBesideThem() throws IOException {
    for (Path dir : List.of(BASE, SELF_CONTAINED)) {
      JsonNode kustomization = KubernetesInstall.kustomization(dir);
      Set<String> listed = new TreeSet<>();
      for (JsonNode entry : kustomization.path("resources")) {
        Path target = dir.resolve(entry.asText()).normalize();
        assertTrue(Files.isRegularFile(target) || Files.isRegularFile(target.resolve("kustomization.yaml")),
            dir + " lists " + entry.asText() + ", which does not exist");
        listed.add(target.toString());
      }
      try (Stream<Path> beside = Files.list(dir)) {
        for (Path file : beside.filter(f -> f.toString().endsWith(".yaml")).toList()) {
          if (!file.getFileName().toString().equals("kustomization.yaml")) {
            assertTrue(listed.contains(file.normalize().toString()), dir + " does not list " + file.getFileName());
          }
        }
      }
    }
    JsonNode image = KubernetesInstall.kustomization(BASE).path("images").get(0);
    assertEquals(gatewayContainer(base.one(Deployment.class, GATEWAY)).getImage(), image.path("name").asText());
    assertFalse(Files.exists(K8S.resolve("examples/kustomization.yaml")), "the example Secrets are applied by no one");
  }

  @Test
  void theSelfContainedOverlayWiresTheGatewayToItsPostgresAndRedis() {
    Map<String, String> generated = selfContained.generatedSecrets().get("switchboard-secrets");
    assertNotNull(generated, "the overlay generates switchboard-secrets");
    GatewayConfig config = gatewayConfig(selfContained, ref -> secretValue(ref.getName(), ref.getKey()));
    URI store = URI.create(config.store().url().substring("jdbc:".length()));
    PodSpec postgres = selfContained.one(StatefulSet.class, store.getHost()).getSpec().getTemplate().getSpec();
    Container database = postgres.getContainers().get(0);
    Map<String, String> databaseEnv =
        selfContained.environment(database, ref -> secretValue(ref.getName(), ref.getKey()));
    assertEquals(store.getPath().substring(1), databaseEnv.get("POSTGRES_DB"));
    assertEquals(config.store().user(), databaseEnv.get("POSTGRES_USER"));
    assertEquals(config.store().password(), databaseEnv.get("POSTGRES_PASSWORD"), "one Secret key for both sides");
    assertServiceReaches(store.getHost(), store.getPort(), selfContained.one(StatefulSet.class, store.getHost())
        .getSpec().getTemplate().getMetadata().getLabels(), database);
    StatefulSet statefulSet = selfContained.one(StatefulSet.class, store.getHost());
    assertEquals(store.getHost(), statefulSet.getSpec().getServiceName());
    String claim = statefulSet.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
    String dataDir = database.getVolumeMounts().stream().filter(m -> m.getName().equals(claim)).findFirst()
        .orElseGet(() -> fail("the claim is not mounted")).getMountPath();
    assertTrue(databaseEnv.get("PGDATA").startsWith(dataDir + "/"), "PGDATA lies on the persistent volume");

    URI redis = URI.create(config.redis().url());
    Deployment redisDeployment = selfContained.one(Deployment.class, redis.getHost());
    PodSpec redisPod = redisDeployment.getSpec().getTemplate().getSpec();
    assertServiceReaches(redis.getHost(), redis.getPort(), redisDeployment.getSpec().getTemplate().getMetadata()
        .getLabels(), redisPod.getContainers().get(0));
    // budget counters live in Redis: they must outlive a Redis restart
    assertEquals(List.of("--appendonly", "yes"), redisPod.getContainers().get(0).getArgs().subList(0, 2));
    String redisClaim = volume(redisPod, mountAt(redisPod.getContainers().get(0), "/data").getName())
        .getPersistentVolumeClaim().getClaimName();
    selfContained.one(PersistentVolumeClaim.class, redisClaim);
    assertEquals("Recreate", redisDeployment.getSpec().getStrategy().getType(), "one pod on a ReadWriteOnce volume");
  }

  @Test
  void noSecretCarriesARealLookingKey() throws IOException {
    assertEquals(List.of(), base.all(Secret.class), "the base only refers to Secrets");
    assertEquals(Map.of(), base.generatedSecrets());
    List<String> values = new ArrayList<>();
    for (Path file : manifestFiles()) {
      for (HasMetadata object : KubernetesInstall.parse(file)) {
        if (object instanceof Secret secret) {
          values.addAll(secret.getStringData().values());
          assertTrue(secret.getData().isEmpty(), file + ": base64 data hides what it holds");
        }
      }
    }
    selfContained.generatedSecrets().values().forEach(secret -> values.addAll(secret.values()));
    assertTrue(values.size() >= 7, "secret values found: " + values.size());
    for (String value : values) {
      assertFalse(PROVIDER_KEY_SHAPES.matcher(value).find(), "looks like a real key: " + value);
      assertTrue(value.isEmpty() || PLACEHOLDER_WORDS.matcher(value).find(), "not marked as a placeholder: " + value);
    }
  }

  @Test
  void theDockerfileBuildsTheImageTheDeploymentRuns() throws IOException {
    GatewayConfig config = gatewayConfig(base, ref -> SECRET_PLACEHOLDER);
    String dockerfile = Files.readString(K8S.resolve("Dockerfile"));
    List<String> stages =
        Pattern.compile("(?m)^FROM (\\S+)").matcher(dockerfile).results().map(m -> m.group(1)).toList();
    assertEquals(List.of("maven:3.9-eclipse-temurin-17", "eclipse-temurin:17-jre"), stages);
    PodSpec pod = base.one(Deployment.class, GATEWAY).getSpec().getTemplate().getSpec();
    Matcher user = Pattern.compile("(?m)^USER (\\d+)(?::(\\d+))?$").matcher(dockerfile);
    assertTrue(user.find(), "a numeric USER, so runAsNonRoot can verify it");
    assertEquals(pod.getSecurityContext().getRunAsUser(), Long.valueOf(user.group(1)));
    assertTrue(dockerfile.contains("EXPOSE " + config.server().port() + "\n"));
    assertTrue(dockerfile.contains("\"-XX:MaxRAMPercentage=75\""));
    Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(dockerfile);
    List<String> sources = copy.results().map(m -> m.group(1)).toList();
    assertTrue(sources.containsAll(List.of("config/", "prompts/")), "the image carries config/ and prompts/");
    sources.forEach(s -> assertTrue(Files.exists(Path.of(s)), "COPY source " + s + " exists in the repository"));
  }

  /** The gateway's config as it loads in the container: every variable without a default must be supplied. */
  private static GatewayConfig gatewayConfig(KubernetesInstall install, Function<SecretKeySelector, String> secrets) {
    Container gateway = gatewayContainer(install.one(Deployment.class, GATEWAY));
    Map<String, String> env = install.environment(gateway, secrets);
    String yaml = install.one(ConfigMap.class, "switchboard-config").getData().get("switchboard.yaml");
    try {
      ConfigLoader.Loaded loaded = new ConfigLoader(ProviderRegistry.builtIn(), env::get).parse(yaml);
      assertEquals(Set.of(), loaded.unsetVariables(), "variables the Deployment does not supply");
      return loaded.config();
    } catch (ConfigException e) {
      return fail("switchboard.yaml in the ConfigMap is not a valid configuration: " + e.problems());
    }
  }

  private String secretValue(String name, String key) {
    Map<String, String> secret = selfContained.generatedSecrets().get(name);
    return secret == null ? null : secret.get(key);
  }

  private static Container gatewayContainer(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(GATEWAY)).findFirst().orElseGet(() -> fail("no gateway container"));
  }

  private static void assertHttpProbe(Probe probe, String path, String portName) {
    assertNotNull(probe);
    assertEquals(path, probe.getHttpGet().getPath());
    assertEquals(portName, probe.getHttpGet().getPort().getStrVal());
  }

  private static void assertSelects(Map<String, String> selector, Deployment deployment) {
    assertFalse(selector.isEmpty());
    assertTrue(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()),
        "selector " + selector + " matches the pods of " + deployment.getMetadata().getName());
  }

  /** A Service of that name and port selects pods with {@code podLabels} and targets a port {@code container} has. */
  private void assertServiceReaches(String name, int port, Map<String, String> podLabels, Container container) {
    Service service = selfContained.one(Service.class, name);
    assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()),
        name + " selects its pods");
    ServicePort servicePort = service.getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst()
        .orElseGet(() -> fail("Service " + name + " has no port " + port));
    String target = servicePort.getTargetPort().getStrVal();
    assertTrue(container.getPorts().stream().anyMatch(p -> p.getName().equals(target) && p.getContainerPort() == port),
        name + " targets the container's port " + target);

    NetworkPolicy policy = selfContained.one(NetworkPolicy.class, name);
    assertTrue(podLabels.entrySet().containsAll(policy.getSpec().getPodSelector().getMatchLabels().entrySet()));
    NetworkPolicyIngressRule rule = policy.getSpec().getIngress().get(0);
    Deployment gateway = selfContained.one(Deployment.class, GATEWAY);
    assertSelects(rule.getFrom().get(0).getPodSelector().getMatchLabels(), gateway);
    assertEquals(port, rule.getPorts().get(0).getPort().getIntVal(), name + " lets the gateway in on its port");
  }

  private static VolumeMount mountAt(Container container, String path) {
    return container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
        .orElseGet(() -> fail("nothing is mounted at " + path));
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
        .orElseGet(() -> fail("no volume " + name));
  }

  private static String configMapOf(PodSpec pod, VolumeMount mount) {
    Volume volume = volume(pod, mount.getName());
    assertNotNull(volume.getConfigMap(), mount.getMountPath() + " is a ConfigMap volume");
    assertTrue(volume.getConfigMap().getItems().isEmpty(), "every key of the ConfigMap is mounted");
    return volume.getConfigMap().getName();
  }

  private static List<Path> manifestFiles() throws IOException {
    try (Stream<Path> files = Files.walk(K8S)) {
      return files.filter(f -> f.toString().endsWith(".yaml"))
          .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
          .sorted().toList();
    }
  }
}
