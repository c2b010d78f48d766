package dev.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar's {@code doctor --json} on the shipped default configuration: a clean JSON report, exit 0. */
class DoctorJarIT {
  private static final int MAX_WAIT_S = 60;

  @TempDir
  Path dir;

  @Test
  void doctorPassesTheDefaultConfigurationAndPrintsOnlyJson() throws Exception {
    Path jar = Path.of("target", "switchboard.jar").toAbsolutePath();
    Path config = Path.of("config", "switchboard.yaml").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "run after package: " + jar);
    Path out = dir.resolve("out.json");
    Path err = dir.resolve("err.txt");
    Process process = new ProcessBuilder(List.of(System.getProperty("java.home") + "/bin/java", "-jar",
        jar.toString(), "doctor", "--config", config.toString(), "--json"))
        .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertTrue(process.waitFor(MAX_WAIT_S, TimeUnit.SECONDS), "doctor did not finish");
    } finally {
      process.destroyForcibly();
    }

    String stdout = Files.readString(out);
    assertEquals(0, process.exitValue(), () -> stdout + "\n" + readQuietly(err));
    JsonNode report = GatewayFixture.parse(stdout);
    assertEquals(1, report.path("passed").asInt(), stdout);
    assertEquals(0, report.path("failed").asInt(), stdout);
    JsonNode demo = report.path("deployments").get(0);
    assertEquals("local/mock-1", demo.path("deployment").asText(), stdout);
    assertEquals("demo", demo.path("groups").get(0).asText(), stdout);
    assertTrue(Files.notExists(dir.resolve("data")), "doctor does not open the store");
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
