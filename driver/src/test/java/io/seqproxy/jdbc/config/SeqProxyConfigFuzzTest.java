package io.seqproxy.jdbc.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.seqproxy.jdbc.fuzz.PlanningTimes;
import io.seqproxy.jdbc.rewrite.ColumnMapping;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * Hostile YAML for the configuration parser. The committed inputs
 * ({@code src/test/resources/io/seqproxy/jdbc/config/SeqProxyConfigFuzzTestInputs/parsesAnyYaml})
 * run as plain tests; {@code JAZZER_FUZZ=1} fuzzes from them (see {@code InsertRewriterFuzzTest}
 * for the command). On every input: only {@link ConfigException} escapes, each of its problems names
 * the file, a configuration that loads maps every table column to a sequence it defines, and the
 * values of {@code ${ENV}} references (secrets) appear in no message and no {@code toString}.
 */
class SeqProxyConfigFuzzTest {

  private static final String SOURCE = "fuzz.yaml";
  /** The environment every input sees; both values are secrets that must never be shown. */
  private static final Map<String, String> ENV = Map.of(
      "SEQPROXY_DB_PASSWORD", "Pw-db-7d1e5c",
      "ZK_PASSWORD", "Pw-zk-93af02",
      "RANGE", "1000");
  private static final PlanningTimes TIMES = new PlanningTimes("SeqProxyConfigFuzzTest.parsesAnyYaml");

  @FuzzTest
  void parsesAnyYaml(byte[] input) throws Exception {
    String yaml = new String(input, StandardCharsets.UTF_8);
    SeqProxyConfig[] parsed = new SeqProxyConfig[1];
    try {
      TIMES.time(yaml, () -> parsed[0] = SeqProxyConfig.parse(new StringReader(yaml), SOURCE, ENV::get));
    } catch (ConfigException e) {
      assertFalse(e.errors().isEmpty(), () -> "a ConfigException without problems for: " + yaml);
      for (String error : e.errors()) {
        assertTrue(error.startsWith(SOURCE + ":"), () -> "a problem that does not name the file: " + error);
      }
      assertNoSecret(yaml, e.getMessage());
      return;
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError("parsing threw " + e + " for:\n" + yaml, e);
    }
    SeqProxyConfig config = parsed[0];
    for (String table : config.tables().tableNames()) {
      for (ColumnMapping column : config.tables().columnsFor(null, table)) {
        assertTrue(config.sequenceNames().contains(column.sequence()),
            () -> "table " + table + " maps " + column + " to an undefined sequence:\n" + yaml);
      }
    }
    assertNoSecret(yaml, config.toString());
  }

  private static void assertNoSecret(String yaml, String shown) {
    for (String name : new String[] {"SEQPROXY_DB_PASSWORD", "ZK_PASSWORD"}) {
      String secret = ENV.get(name);
      if (!yaml.contains(secret)) {
        assertFalse(shown.contains(secret), () -> "the value of ${" + name + "} is shown: " + shown);
      }
    }
  }

  @AfterAll
  static void printTimes() {
    System.out.println(TIMES.summary());
  }
}
