package dev.switchboard.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prompts defined in files: every {@code *.yaml} / {@code *.yml} in the prompts folder, one prompt each.
 * {@link #scan()} re-reads only files whose size or modification time changed; a file that stops parsing keeps
 * serving its last good version (the problems are logged with their key paths), a deleted file's prompt goes
 * away. Blocking file I/O: call it off the event loop.
 */
final class PromptFiles {
  private static final Logger LOG = LoggerFactory.getLogger(PromptFiles.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final long MAX_FILE_BYTES = 1 << 20;

  /** What was read from one file. */
  private record Loaded(long size, long modified, Prompt prompt) {}

  private final Path dir;
  private final Predicate<String> knownModel;
  private final Map<Path, Loaded> files = new LinkedHashMap<>();

  PromptFiles(Path dir, Predicate<String> knownModel) {
    this.dir = dir;
    this.knownModel = knownModel;
  }

  /** Re-reads changed files; returns the prompts by name (null when nothing changed since the last scan). */
  synchronized Map<String, Prompt> scan() {
    boolean changed = false;
    Map<Path, BasicFileAttributes> present = new LinkedHashMap<>();
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.{yaml,yml}")) {
        for (Path file : stream) {
          present.put(file, Files.readAttributes(file, BasicFileAttributes.class));
        }
      } catch (IOException e) {
        LOG.warn("cannot list the prompts folder {}: {}", dir, e.getMessage());
        return null;
      }
    }
    changed |= files.keySet().removeIf(f -> !present.containsKey(f));
    for (Map.Entry<Path, BasicFileAttributes> e : present.entrySet()) {
      Loaded before = files.get(e.getKey());
      long size = e.getValue().size();
      long modified = e.getValue().lastModifiedTime().toMillis();
      if (before != null && before.size() == size && before.modified() == modified) {
        continue;
      }
      Prompt prompt = read(e.getKey(), size);
      if (prompt != null || before == null) {
        files.put(e.getKey(), new Loaded(size, modified, prompt));
        changed |= !Objects.equals(before == null ? null : before.prompt(), prompt);
      } else {
        files.put(e.getKey(), new Loaded(size, modified, before.prompt()));
      }
    }
    return changed ? byName() : null;
  }

  private Map<String, Prompt> byName() {
    Map<String, Prompt> out = new LinkedHashMap<>();
    for (Map.Entry<Path, Loaded> e : files.entrySet()) {
      Prompt p = e.getValue().prompt();
      if (p == null) {
        continue;
      }
      Prompt other = out.putIfAbsent(p.name(), p);
      if (other != null) {
        LOG.warn("prompt '{}' is defined twice ({} and {}); keeping the first", p.name(),
            other.definition().source(), p.definition().source());
      }
    }
    return out;
  }

  private Prompt read(Path file, long size) {
    String source = "file:" + dir.relativize(file);
    if (size > MAX_FILE_BYTES) {
      LOG.warn("{}: larger than {} bytes, not loaded", source, MAX_FILE_BYTES);
      return null;
    }
    try {
      JsonNode node = YAML.readTree(file.toFile());
      Prompt prompt = PromptParser.parse(node, null, knownModel, source);
      LOG.info("prompt '{}' version {} loaded from {}", prompt.name(), prompt.version(), source);
      return prompt;
    } catch (PromptException e) {
      List<String> problems = e.problems().stream().map(PromptException.Problem::toString).toList();
      LOG.warn("{}: not loaded: {}", source, String.join("; ", problems));
    } catch (IOException e) {
      LOG.warn("{}: not loaded: {}", source, e.getMessage().lines().findFirst().orElse("unreadable YAML"));
    }
    return null;
  }
}
