package io.seqproxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqproxy.cli.SeqproxyJar.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeIT {
  @TempDir
  Path dir;

  @Test
  void idIsDecodedWithTheDefaultLayoutAndEpoch() {
    // One day after 2024-01-01, worker 5, counter 7: 41/10/12 bits.
    long id = (86_400_000L << 22) | (5L << 12) | 7;
    Result result = SeqproxyJar.run("decode", Long.toString(id));
    assertEquals(0, result.exit(), result::toString);
    assertEquals("""
        timestamp  2024-01-02T00:00:00Z
        worker     5
        counter    7
        layout     41 timestamp bits of 1 ms, 10 worker bits, 12 counter bits, epoch 2024-01-01T00:00:00Z
        """, result.out());
    assertEquals("", result.err());
  }

  @Test
  void layoutAndEpochOfAConfiguredSequence() throws IOException {
    writeConfig();
    // 1.5 s after 2025-06-01, worker 3, counter 100 in the 41/5/7 javascript layout.
    long id = (1_500L << 12) | (3L << 7) | 100;
    Result result = SeqproxyJar.runIn(dir, "decode", Long.toString(id), "--config", "seqproxy.yaml", "--sequence",
        "js_id");
    assertEquals(0, result.exit(), result::toString);
    assertEquals("""
        timestamp  2025-06-01T00:00:01.500Z
        worker     3
        counter    100
        layout     41 timestamp bits of 1 ms, 5 worker bits, 7 counter bits, epoch 2025-06-01T00:00:00Z
        """, result.out());
  }

  @Test
  void anIdBeyondTheLayoutIsRefused() throws IOException {
    writeConfig();
    Result result = SeqproxyJar.runIn(dir, "decode", Long.toString(1L << 53), "--config", "seqproxy.yaml",
        "--sequence", "js_id");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("seqproxy decode: 9007199254740992 does not fit the layout's 53 bits: it is not an ID of this "
        + "sequence\n", result.err());
  }

  @Test
  void idThatIsNoPositive64BitIntegerIsAUsageError() {
    for (String bad : new String[] {"12x", "0", "99999999999999999999"}) {
      Result result = SeqproxyJar.run("decode", bad);
      assertEquals(2, result.exit(), result::toString);
      assertEquals("", result.out());
      assertEquals("seqproxy decode: '" + bad + "' is not an ID: expected a positive 64-bit integer\n", result.err());
    }
  }

  @Test
  void missingIdIsAUsageError() {
    Result result = SeqproxyJar.run("decode");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("seqproxy decode: missing required parameter: 'ID'; run 'seqproxy decode --help'\n", result.err());
  }

  @Test
  void configWithoutSequenceIsAUsageError() {
    Result result = SeqproxyJar.run("decode", "1", "--config", "seqproxy.yaml");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("seqproxy decode: missing required argument(s): --sequence=NAME; run 'seqproxy decode --help'\n",
        result.err());
  }

  @Test
  void unknownOrSegmentSequenceIsAUsageError() throws IOException {
    writeConfig();
    Result unknown = SeqproxyJar.runIn(dir, "decode", "1", "--config", "seqproxy.yaml", "--sequence", "nope");
    assertEquals(2, unknown.exit(), unknown::toString);
    assertEquals("seqproxy decode: no sequence 'nope' in seqproxy.yaml; defined: js_id, order_id\n", unknown.err());
    Result segment = SeqproxyJar.runIn(dir, "decode", "1", "--config", "seqproxy.yaml", "--sequence", "order_id");
    assertEquals(2, segment.exit(), segment::toString);
    assertEquals("seqproxy decode: sequence 'order_id' is a segment sequence: its IDs are plain numbers with nothing"
        + " to decode; name a snowflake sequence\n", segment.err());
  }

  @Test
  void missingConfigFileIsAUsageErrorNamingIt() {
    Result result = SeqproxyJar.runIn(dir, "decode", "1", "--config", "nowhere.yaml", "--sequence", "js_id");
    assertEquals(2, result.exit(), result::toString);
    assertEquals("seqproxy decode: nowhere.yaml (from --config): the file does not exist\n", result.err());
  }

  private void writeConfig() throws IOException {
    Files.writeString(dir.resolve("seqproxy.yaml"), """
        sequences:
          js_id:
            type: snowflake
            layout: javascript
            epoch: 2025-06-01T00:00:00Z
            worker-id: 3
          order_id:
            type: segment
        tables: {}
        """);
  }
}
