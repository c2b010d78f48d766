package dev.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's segments: every line read once in order, rotation after commits, replay and torn lines on reopen. */
class LedgerJournalTest {
  @TempDir
  Path dir;

  private static byte[] line(int i) {
    return ("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(40) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private List<String> files() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void linesAreReadOnceInOrderAndReadSegmentsAreDeletedEvenIfTheReaderNeverCatchesUp() throws Exception {
    LedgerJournal journal = new LedgerJournal(dir, 0, 1_000);
    assertEquals(0, journal.open());
    List<String> read = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      journal.append(List.of(line(i)));
      if (i % 7 == 6) {
        LedgerJournal.Batch batch = journal.read(5); // slower than the appends: always behind
        read.addAll(batch.lines());
        journal.committed(batch);
        assertTrue(!journal.caughtUp());
      }
    }
    assertTrue(files().size() > 3, "appends rotated to new segments: " + files());
    for (int pass = 0; pass < 100 && !journal.caughtUp(); pass++) {
      LedgerJournal.Batch batch = journal.read(5);
      read.addAll(batch.lines());
      journal.committed(batch);
    }
    assertTrue(journal.caughtUp());
    assertEquals(200, read.size());
    for (int i = 0; i < 200; i++) {
      assertTrue(read.get(i).startsWith("{\"n\":" + i + ","), read.get(i));
    }
    assertTrue(journal.read(5).isEmpty());
    assertEquals(1, files().size(), "segments read to the end are deleted: " + files());
    assertTrue(!files().get(0).equals("ledger-000000000001.jsonl"), "the first segment was deleted");
    journal.close();
    assertEquals(List.of(), files(), "a caught-up journal leaves nothing behind");
  }

  @Test
  void uncommittedLinesAreReplayedByTheNextJournalAndATornLineIsSkipped() throws Exception {
    LedgerJournal first = new LedgerJournal(dir, 1_000, 1 << 20);
    first.open();
    for (int i = 0; i < 10; i++) {
      first.append(List.of(line(i)));
    }
    LedgerJournal.Batch part = first.read(4);
    first.committed(part); // 4 stored, then the process dies without close()
    Path segment = dir.resolve(files().get(0));
    Files.write(segment, "{\"n\":10,\"pa".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

    LedgerJournal second = new LedgerJournal(dir, 1_000, 1 << 20);
    assertEquals(10, second.open(), "all complete lines of the old segment are pending again");
    second.append(List.of(line(11)));
    List<String> read = new ArrayList<>();
    for (int pass = 0; pass < 20 && !second.caughtUp(); pass++) {
      LedgerJournal.Batch batch = second.read(3);
      read.addAll(batch.lines());
      second.committed(batch);
    }
    assertEquals(11, read.size(), "10 replayed (4 of them already stored: the store ignores those) + 1 new");
    assertTrue(read.get(10).startsWith("{\"n\":11,"));
    assertTrue(read.stream().noneMatch(l -> l.contains("\"pa\"") || l.endsWith("\"pa")), "the torn line is skipped");
    second.close();
    assertEquals(List.of(), files());
  }
}
