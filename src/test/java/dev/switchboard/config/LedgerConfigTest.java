package dev.switchboard.config;

import static dev.switchboard.config.ConfigLoaderTest.MINIMAL;
import static dev.switchboard.config.ConfigLoaderTest.loader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code ledger} section and the price override keys: defaults, values, problems with key paths. */
class LedgerConfigTest {

  @Test
  void defaultsPutTheJournalNextToTheSqliteFile() {
    LedgerConfig ledger = loader(Map.of()).parse("store: { url: \"jdbc:sqlite:/var/lib/sb/state.db\" }\n" + MINIMAL)
        .config().ledger();
    assertEquals(new LedgerConfig(Path.of("/var/lib/sb/ledger").toString(), 500, 1_000, 1_000), ledger);
    LedgerConfig pg = loader(Map.of()).parse("store: { url: \"jdbc:postgresql://db:5432/sb\" }\n" + MINIMAL)
        .config().ledger();
    assertEquals(Path.of("data", "ledger").toString(), pg.journalDir());
  }

  @Test
  void valuesAreRead() {
    LedgerConfig ledger = loader(Map.of()).parse("ledger: { journal_dir: /j, batch_size: 50, flush_interval_ms: 20, "
        + "fsync_interval_ms: 0 }\n" + MINIMAL).config().ledger();
    assertEquals(new LedgerConfig("/j", 50, 20, 0), ledger);
  }

  @Test
  void problemsNameTheKeyPath() {
    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of())
        .parse("ledger: { batch_sise: 5, flush_interval_ms: 1 }\n" + MINIMAL));
    assertEquals(List.of("ledger.batch_sise: unknown key (expected one of batch_size, flush_interval_ms, "
            + "fsync_interval_ms, journal_dir)", "ledger.flush_interval_ms: must be between 10 and 600000, was 1"),
        e.problems().stream().map(ConfigProblem::toString).toList());
  }

  @Test
  void priceOverridesTakeCacheWriteAndReasoningPrices() {
    GatewayConfig c = loader(Map.of()).parse(MINIMAL.replace("model: mock-1 }", "model: mock-1, price: { "
        + "cache_write_per_mtok: 3.75, reasoning_per_mtok: \"12.5\" } }")).config();
    DeploymentConfig.Price price = c.models().get("demo").deployments().get(0).price();
    assertEquals(new DeploymentConfig.Price(null, null, null, new BigDecimal("3.75"), new BigDecimal("12.5")), price);
  }
}
