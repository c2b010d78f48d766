package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {
  private static final Map<String, String> ENV = Map.of("A", "alpha", "EMPTY", "", "DOLLAR", "c$1\\x");

  @Test
  void plainPlaceholder() {
    EnvSubstitution.Result r = EnvSubstitution.apply("key: ${A}", ENV);
    assertEquals("key: alpha", r.text());
    assertTrue(r.unset().isEmpty());
  }

  @Test
  void defaultUsedWhenUnset() {
    assertEquals("url: http://x:1/v1", EnvSubstitution.apply("url: ${NOPE:-http://x:1/v1}", ENV).text());
    assertEquals("k: alpha", EnvSubstitution.apply("k: ${A:-def}", ENV).text());
  }

  @Test
  void unsetWithoutDefaultIsEmptyAndRecorded() {
    EnvSubstitution.Result r = EnvSubstitution.apply("a: ${MISSING_ONE}\nb: ${MISSING_TWO}\nc: ${A}", ENV);
    assertEquals("a: \nb: \nc: alpha", r.text());
    assertEquals(Set.of("MISSING_ONE", "MISSING_TWO"), r.unset());
  }

  @Test
  void emptyDefaultIsNotReportedAsUnset() {
    EnvSubstitution.Result r = EnvSubstitution.apply("key: ${NOPE:-}", ENV);
    assertEquals("key: ", r.text());
    assertTrue(r.unset().isEmpty());
  }

  @Test
  void emptyValueWithDefaultTakesDefault() {
    assertEquals("v: def", EnvSubstitution.apply("v: ${EMPTY:-def}", ENV).text());
    EnvSubstitution.Result noDefault = EnvSubstitution.apply("v: ${EMPTY}", ENV);
    assertEquals("v: ", noDefault.text());
    assertTrue(noDefault.unset().isEmpty(), "a set-but-empty variable is not unset");
  }

  @Test
  void doubleDollarStaysLiteral() {
    EnvSubstitution.Result r = EnvSubstitution.apply("t: $${A} and $${B:-x}", ENV);
    assertEquals("t: ${A} and ${B:-x}", r.text());
    assertTrue(r.unset().isEmpty());
  }

  @Test
  void replacementTextIsTakenLiterally() {
    assertEquals("p: c$1\\x", EnvSubstitution.apply("p: ${DOLLAR}", ENV).text());
  }

  @Test
  void functionBackedEnvironment() {
    assertEquals("x=alpha", EnvSubstitution.apply("x=${A}", ENV::get).text());
  }
}
