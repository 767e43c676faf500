package io.seqproxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.cli.SeqproxyJar.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckIT {
  @TempDir
  Path dir;

  @Test
  void validConfigurationShowsTheResolvedMapping() throws IOException {
    Files.writeString(dir.resolve("seqproxy.yaml"), """
        sequences:
          order_id:
            type: segment
            range: 500
          event_id:
            type: snowflake
            worker-id: 7
        tables:
          orders:
            id: order_id
          shop.events:
            event_id: {sequence: event_id, explicit: reject}
            audit_id: order_id
        """);
    Result result = SeqproxyJar.runIn(dir, "check", "seqproxy.yaml");
    assertEquals(0, result.exit(), result::toString);
    assertEquals("""
        seqproxy.yaml is valid
        sequences
          order_id  segment    store jdbc  start 1, range 500 up to 1,000,000
          event_id  snowflake  store jdbc  41 timestamp bits of 1 ms, 10 worker bits, 12 counter bits, epoch 2024-01-01T00:00:00Z, worker-id 7
        end of time
          event_id  runs out on 2093-09-06 (YEARS years from now)
        tables
          orders.id             -> order_id
          shop.events.event_id  -> event_id (explicit values rejected)
          shop.events.audit_id  -> order_id
        """.replace("YEARS", Long.toString(StoreCommandsIT.yearsUntil2093())), result.out());
    assertEquals("", result.err());
  }

  @Test
  void aLayoutThatRunsOutWithinTenYearsIsWarnedAbout() throws IOException {
    Files.writeString(dir.resolve("short.yaml"), """
        sequences:
          event_id:
            type: snowflake
            timestamp-bits: 38
            worker-id: 1
          order_id:
            type: segment
            max: 99999999
        tables:
          events:
            id: event_id
        """);
    Result result = SeqproxyJar.runIn(dir, "check", "short.yaml");
    assertEquals(0, result.exit(), result::toString);
    long years = java.time.temporal.ChronoUnit.YEARS.between(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC),
        java.time.OffsetDateTime.parse("2032-09-16T10:58:26.943Z"));
    String when = "runs out on 2032-09-16, in " + years + " years (less than 10 years): choose a later epoch or"
        + " more timestamp bits before then";
    assertTrue(result.out().contains("""
        end of time
          event_id  %s
          order_id  reaches its max 99,999,999 at a rate only a running process knows: see the metric seqproxy.range.max.time.left
        """.formatted(when)), result.out());
    assertEquals("seqproxy check: warning: sequence event_id's layout " + when + "\n", result.err());
  }

  @Test
  void everyMistakeIsReportedWithItsLine() throws IOException {
    Files.writeString(dir.resolve("bad.yaml"), """
        sequences:
          order_id:
            type: segmnet
          event_id:
            type: snowflake
            worker-id: 5000
            colour: blue
        tables:
          orders:
            id: order_idd
        """);
    Result result = SeqproxyJar.runIn(dir, "check", "bad.yaml");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("", result.out());
    assertEquals("""
        seqproxy check: bad.yaml:3: sequences.order_id.type: expected segment or snowflake, got 'segmnet'
        seqproxy check: bad.yaml:7: sequences.event_id.colour: unknown key; expected one of type, store, epoch, worker-id, layout, timestamp-bits, worker-bits, sequence-bits, time-unit, clock-tolerance, spread, region-bits, region-id, increment
        seqproxy check: bad.yaml:6: sequences.event_id.worker-id: expected auto, ordinal or a number from 0 to 1023 (10 worker bits), got '5000'
        seqproxy check: bad.yaml:10: tables.orders.id: sequence 'order_idd' is not defined under sequences: (defined: event_id)
        """, result.err());
  }

  @Test
  void malformedYamlNamesItsLine() throws IOException {
    Files.writeString(dir.resolve("broken.yaml"), "sequences:\n  order_id: [\n");
    Result result = SeqproxyJar.runIn(dir, "check", "broken.yaml");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("seqproxy check: broken.yaml:3: malformed YAML: expected the node content, but found '<stream end>'\n",
        result.err());
  }

  @Test
  void missingFileIsAUsageErrorNamingIt() {
    Result result = SeqproxyJar.runIn(dir, "check", "nowhere.yaml");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("seqproxy check: nowhere.yaml (from the command line): the file does not exist\n", result.err());
  }
}
