package dev.switchboard.usage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only usage journal: JSON lines in segment files {@code ledger-<n>.jsonl}. Appends go to the
 * newest segment, and a new one is started once it reaches the rotation size; a reader position walks the
 * segments from the oldest, and a segment is deleted only after every line in it was committed to the store. Each start opens a fresh segment, so a line torn by a crash
 * is only ever the last line of an old segment, and is skipped.
 *
 * <p>Not thread-safe: the ledger calls it from its single journal thread only.
 */
final class LedgerJournal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerJournal.class);
  private static final Pattern SEGMENT = Pattern.compile("ledger-(\\d{12})\\.jsonl");
  private static final int READ_CHUNK = 1 << 20;
  /** Size from which appends go to a new segment. */
  static final long ROTATE_BYTES = 8L << 20;

  private final Path dir;
  private final long fsyncIntervalMs;
  private final long rotateBytes;
  private final List<Path> segments = new ArrayList<>();
  private FileChannel active;
  private long activeNumber;
  private long activeSize;
  private boolean dirty;
  /** Index into {@link #segments} and byte offset of the first line not yet committed. */
  private int readSegment;
  private long readOffset;

  /** A run of journal lines and the reader position just after them. */
  record Batch(List<String> lines, int nextSegment, long nextOffset) {
    boolean isEmpty() {
      return lines.isEmpty() && nextSegment == -1;
    }
  }

  LedgerJournal(Path dir, long fsyncIntervalMs, long rotateBytes) {
    this.dir = dir;
    this.fsyncIntervalMs = fsyncIntervalMs;
    this.rotateBytes = rotateBytes;
  }

  /** Finds the segments an earlier run left (their lines will be replayed) and opens a new one; returns their line count. */
  long open() throws IOException {
    Files.createDirectories(dir);
    long next = 1;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> SEGMENT.matcher(f.getFileName().toString()).matches()).sorted().toList()) {
        segments.add(p);
        var m = SEGMENT.matcher(p.getFileName().toString());
        m.matches();
        next = Math.max(next, Long.parseLong(m.group(1)) + 1);
      }
    }
    long pending = 0;
    for (Path p : segments) {
      pending += countLines(p);
    }
    openSegment(next);
    return pending;
  }

  /**
   * Appends lines (JSON objects without newlines) in one write, all or none, then forces them to disk as the fsync
   * policy says: a group of events costs one write and at most one fsync.
   */
  void append(List<byte[]> lines) throws IOException {
    int size = 0;
    for (byte[] line : lines) {
      size += line.length + 1;
    }
    ByteBuffer buffer = ByteBuffer.allocate(size);
    for (byte[] line : lines) {
      buffer.put(line).put((byte) '\n');
    }
    buffer.flip();
    long before = activeSize;
    try {
      while (buffer.hasRemaining()) {
        activeSize += active.write(buffer);
      }
    } catch (IOException e) {
      active.truncate(before); // never leave half a line for the next one to run into
      activeSize = before;
      throw e;
    }
    dirty = true;
    if (fsyncIntervalMs == 0) {
      sync();
    }
    if (activeSize >= rotateBytes) {
      sync();
      active.close();
      openSegment(activeNumber + 1);
    }
  }

  /** Forces appended lines to disk, if any came since the last time. */
  void sync() throws IOException {
    if (dirty) {
      active.force(false);
      dirty = false;
    }
  }

  /** Up to {@code max} lines from the reader position; an empty batch when everything was read. */
  Batch read(int max) throws IOException {
    List<String> lines = new ArrayList<>();
    int segment = readSegment;
    long offset = readOffset;
    while (lines.size() < max && segment < segments.size()) {
      boolean isActive = segment == segments.size() - 1;
      long end = isActive ? activeSize : Files.size(segments.get(segment));
      if (offset >= end) {
        if (isActive) {
          break;
        }
        segment++;
        offset = 0;
        continue;
      }
      long consumed = readLines(segments.get(segment), offset, end, max - lines.size(), lines);
      if (consumed == 0) {
        LOG.warn("skipping a torn last line in the usage journal {}", segments.get(segment).getFileName());
        offset = end;
      } else {
        offset += consumed;
      }
    }
    if (lines.isEmpty() && segment == readSegment && offset == readOffset) {
      return new Batch(lines, -1, -1);
    }
    return new Batch(lines, segment, offset);
  }

  /** The store committed everything before the batch's end: advance and delete the segments read to the end. */
  void committed(Batch batch) throws IOException {
    readSegment = batch.nextSegment();
    readOffset = batch.nextOffset();
    while (readSegment > 0) {
      Files.deleteIfExists(segments.remove(0));
      readSegment--;
    }
  }

  /** True when every appended line was committed. */
  boolean caughtUp() {
    return readSegment == segments.size() - 1 && readOffset == activeSize;
  }

  /** Syncs and closes; when everything was committed the journal is left empty. */
  @Override
  public void close() throws IOException {
    sync();
    active.close();
    if (caughtUp()) {
      for (Path p : segments) {
        Files.deleteIfExists(p);
      }
      segments.clear();
    }
  }

  private void openSegment(long number) throws IOException {
    Path file = dir.resolve(String.format("ledger-%012d.jsonl", number));
    active = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    activeSize = active.size();
    activeNumber = number;
    segments.add(file);
    syncFolder();
  }

  /** Makes the new segment's name durable too (where the platform lets a folder be synced). */
  private void syncFolder() {
    try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
      folder.force(true);
    } catch (IOException unsupported) {
      LOG.debug("the journal folder cannot be synced on this platform: {}", unsupported.toString());
    }
  }

  /** Reads complete lines of {@code file} between {@code from} and {@code end}; returns the bytes they span. */
  private static long readLines(Path file, long from, long end, int max, List<String> out) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(READ_CHUNK, end - from));
      while (buffer.hasRemaining()) {
        if (ch.read(buffer, from + buffer.position()) < 0) {
          break;
        }
      }
      byte[] bytes = buffer.array();
      int limit = buffer.position();
      int start = 0;
      int taken = 0;
      for (int i = 0; i < limit && taken < max; i++) {
        if (bytes[i] == '\n') {
          if (i > start) {
            out.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
            taken++;
          }
          start = i + 1;
        }
      }
      return start;
    }
  }

  private static long countLines(Path file) throws IOException {
    long lines = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      while (ch.read(buffer) > 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          if (buffer.get() == '\n') {
            lines++;
          }
        }
        buffer.clear();
      }
    }
    return lines;
  }
}
