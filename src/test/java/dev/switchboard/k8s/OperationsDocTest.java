package dev.switchboard.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes section of {@code docs/operations.md} states the numbers and names the manifests carry: each
 * phrase below is built from the manifests, so changing a manifest without its documentation fails here.
 */
class OperationsDocTest {
  private static final KubernetesInstall INSTALL = KubernetesInstall.load(Path.of("k8s/overlays/self-contained"));
  private static final BigDecimal MIB = BigDecimal.valueOf(1 << 20);

  @Test
  void theKubernetesSectionStatesWhatTheManifestsSay() throws IOException {
    String doc = kubernetesSection();
    List<String> missing = new ArrayList<>();
    for (String phrase : phrases()) {
      if (!doc.contains(phrase)) {
        missing.add(phrase);
      }
    }
    assertEquals(List.of(), missing, "docs/operations.md (Kubernetes) does not say");
  }

  private static List<String> phrases() throws IOException {
    Deployment deployment = INSTALL.one(Deployment.class, "switchboard");
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container gateway = pod.getContainers().get(0);
    Map<String, String> env = INSTALL.environment(gateway, ref -> "secret");
    String config = INSTALL.one(ConfigMap.class, "switchboard-config").getData().get("switchboard.yaml");
    long drainSeconds = Long.parseLong(find(config, "drain_timeout_ms: (\\d+)")) / 1000;
    String preStop = gateway.getLifecycle().getPreStop().getExec().getCommand().get(1);
    Probe startup = gateway.getStartupProbe();
    Map<String, Quantity> requests = gateway.getResources().getRequests();
    Map<String, Quantity> limits = gateway.getResources().getLimits();
    String dockerfile = Files.readString(Path.of("k8s/Dockerfile"));
    int heapPercent = Integer.parseInt(find(dockerfile, "-XX:MaxRAMPercentage=(\\d+)"));
    BigDecimal heapMib = Quantity.getAmountInBytes(limits.get("memory")).multiply(BigDecimal.valueOf(heapPercent))
        .divide(BigDecimal.valueOf(100)).divide(MIB);
    HorizontalPodAutoscaler hpa = INSTALL.one(HorizontalPodAutoscaler.class, "switchboard");
    HPAScalingPolicy scaleDown = hpa.getSpec().getBehavior().getScaleDown().getPolicies().get(0);
    assertTrue(scaleDown.getType().equals("Pods") && scaleDown.getValue() == 1 && scaleDown.getPeriodSeconds() == 60,
        "the docs say: at most one pod a minute");
    StatefulSet postgres = INSTALL.one(StatefulSet.class, "postgres");
    Container redis = INSTALL.one(Deployment.class, "redis").getSpec().getTemplate().getSpec().getContainers().get(0);

    List<String> phrases = new ArrayList<>(List.of(
        "terminationGracePeriodSeconds: " + pod.getTerminationGracePeriodSeconds(),
        "exceeds the " + preStop + " s preStop plus the " + drainSeconds + " s drain",
        "`sleep " + preStop + "`",
        "`server.drain_timeout_ms` (" + drainSeconds + " s)",
        "every " + startup.getPeriodSeconds() + " s, up to " + startup.getFailureThreshold() + " failures: "
            + startup.getPeriodSeconds() * startup.getFailureThreshold() + " s to start",
        probeTiming(gateway.getLivenessProbe()) + ", restarted after "
            + gateway.getLivenessProbe().getFailureThreshold(),
        probeTiming(gateway.getReadinessProbe()) + ", out of the Service after "
            + gateway.getReadinessProbe().getFailureThreshold(),
        "port `" + gateway.getPorts().get(0).getName() + "` (" + gateway.getPorts().get(0).getContainerPort() + ")",
        "`maxSurge: " + deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()
            + "` and `maxUnavailable: "
            + deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal() + "`",
        "requests " + requests.get("cpu") + " CPU and " + requests.get("memory") + " memory and is limited to "
            + limits.get("cpu") + " CPUs and " + limits.get("memory"),
        "`-XX:MaxRAMPercentage=" + heapPercent + "`: " + heapMib.stripTrailingZeros().toPlainString() + " MiB of "
            + limits.get("memory"),
        "starts with " + deployment.getSpec().getReplicas() + " replicas",
        "between " + hpa.getSpec().getMinReplicas() + " and " + hpa.getSpec().getMaxReplicas() + ", aiming at "
            + hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()
            + " % average CPU utilisation of the " + requests.get("cpu") + " request",
        "waits for " + hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds() / 60 + " minutes",
        "keeps at least "
            + INSTALL.one(PodDisruptionBudget.class, "switchboard").getSpec().getMinAvailable().getIntVal()
            + " pod available",
        "user and group " + pod.getSecurityContext().getRunAsUser(),
        "`/tmp` (" + volumeSize(pod, "tmp") + ")",
        "`SWITCHBOARD_CONFIG=" + env.get("SWITCHBOARD_CONFIG") + "`",
        "mounted at `" + find(config, "dir: (\\S+)") + "`",
        "`" + env.get("SWITCHBOARD_STORE_URL") + "`, user `" + env.get("SWITCHBOARD_STORE_USER") + "` and `"
            + env.get("SWITCHBOARD_REDIS_URL") + "`",
        "`prometheus.io/port: \"" + deployment.getSpec().getTemplate().getMetadata().getAnnotations()
            .get("prometheus.io/port") + "\"`",
        "PostgreSQL " + tag(postgres.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
            + " (StatefulSet, headless Service, "
            + postgres.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage")
            + " volume)",
        "Redis " + tag(redis.getImage()) + " (Deployment, Service, "
            + INSTALL.all(PersistentVolumeClaim.class).get(0).getSpec().getResources()
                .getRequests().get("storage") + " volume)",
        "PostgreSQL (" + policyPort("postgres") + ")",
        "Redis (" + policyPort("redis") + ")"));
    for (EnvVar variable : gateway.getEnv()) {
      if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
        phrases.add("`" + variable.getValueFrom().getSecretKeyRef().getName() + "` / `"
            + variable.getValueFrom().getSecretKeyRef().getKey() + "` | `" + variable.getName() + "`");
      }
    }
    INSTALL.generatedSecrets().get("switchboard-secrets").forEach((key, value) ->
        phrases.add(value.isEmpty() ? "an empty `" + key + "`" : "`" + key + "=" + value + "`"));
    deployment.getSpec().getSelector().getMatchLabels()
        .forEach((key, value) -> phrases.add("`" + key + ": " + value + "`"));
    return phrases;
  }

  private static String probeTiming(Probe probe) {
    return "every " + probe.getPeriodSeconds() + " s, timeout " + probe.getTimeoutSeconds() + " s";
  }

  private static String volumeSize(PodSpec pod, String name) {
    return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow()
        .getEmptyDir().getSizeLimit().toString();
  }

  private static int policyPort(String name) {
    return INSTALL.one(NetworkPolicy.class, name).getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal();
  }

  private static String tag(String image) {
    return image.substring(image.lastIndexOf(':') + 1);
  }

  private static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "no match for " + regex);
    return m.group(1);
  }

  /** The section from {@code ## Kubernetes} to the next second-level heading, with whitespace runs collapsed. */
  private static String kubernetesSection() throws IOException {
    String doc = Files.readString(Path.of("docs/operations.md"));
    int start = doc.indexOf("\n## Kubernetes\n");
    assertTrue(start >= 0, "docs/operations.md has a Kubernetes section");
    int end = doc.indexOf("\n## ", start + 1);
    return doc.substring(start, end < 0 ? doc.length() : end).replaceAll("\\s+", " ");
  }
}
