package io.seqproxy.sequence.jdbc;

import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.range.RangeSequence;
import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import io.seqproxy.sequence.snowflake.SnowflakeSequence;
import io.seqproxy.testing.TestDatabases.Db;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.time.Duration;

/**
 * A separate process for {@link SharedJdbcStoreIT}: draws values from a sequence whose store is
 * a jdbc store shared with other processes, and writes them to a file as big-endian longs.
 * Arguments: db table-prefix engine(range|snowflake) count file.
 */
public final class DrawValues {
  public static void main(String[] args) throws Exception {
    Db db = Db.valueOf(args[0]);
    String prefix = args[1];
    String engine = args[2];
    int count = Integer.parseInt(args[3]);
    try (JdbcSequenceStore store = open(db, prefix);
        Sequence sequence = open(engine, store);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(args[4])))) {
      for (int i = 0; i < count; i++) {
        out.writeLong(sequence.next());
      }
    }
  }

  /**
   * A store client as the test's processes use it. The waits are long because the test is about
   * uniqueness, not latency, and it shares two cores with whatever else runs.
   */
  static JdbcSequenceStore open(Db db, String prefix) {
    return JdbcSequenceStore.options(db::connect, db.url()).tablePrefix(prefix).maxWait(Duration.ofSeconds(60)).open();
  }

  static Sequence open(String engine, JdbcSequenceStore store) {
    return switch (engine) {
      case "range" -> RangeSequence.builder("shared_range", store.ranges()).initialSize(50).maxSize(5000)
          .targetLifetime(Duration.ofSeconds(1)).fetchTimeout(Duration.ofSeconds(60)).build();
      case "snowflake" -> SnowflakeSequence.builder("shared_snowflake", SnowflakeLayout.standard())
          .leases(store.workerLeases()).build();
      default -> throw new IllegalArgumentException(engine);
    };
  }
}
