package dev.switchboard.config;

import java.nio.file.Path;

/**
 * {@code ledger}: where the usage journal lives and how events move from it to the store.
 *
 * @param journalDir      folder of the append-only journal files
 * @param batchSize       most events written to the store in one transaction
 * @param flushIntervalMs how often the batcher moves journaled events to the store
 * @param fsyncIntervalMs how often the journal is forced to disk; 0 forces it on every append
 */
public record LedgerConfig(String journalDir, int batchSize, long flushIntervalMs, long fsyncIntervalMs) {

  /** The default journal folder: {@code ledger/} next to the SQLite file, else {@code data/ledger}. */
  static String defaultJournalDir(String storeUrl) {
    String prefix = "jdbc:sqlite:";
    if (storeUrl.startsWith(prefix) && !storeUrl.startsWith(prefix + ":memory:") && !storeUrl.startsWith(prefix + "file:")) {
      Path parent = Path.of(storeUrl.substring(prefix.length())).getParent();
      return (parent == null ? Path.of("ledger") : parent.resolve("ledger")).toString();
    }
    return Path.of("data", "ledger").toString();
  }
}
