package io.seqproxy.sequence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqproxy.sequence.Sequence;
import io.seqproxy.testing.TestDatabases;
import io.seqproxy.testing.TestDatabases.Db;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several allocators, and several JVM processes, share one jdbc store on MariaDB: no value is
 * ever issued twice.
 */
class SharedJdbcStoreIT {
  private static final Db DB = Db.MARIADB;
  private final String prefix = TestDatabases.uniqueName("shared") + "_";

  @BeforeEach
  void requireDatabase() {
    TestDatabases.require(DB);
  }

  @AfterEach
  void dropTables() throws Exception {
    try (var c = DB.connect(); var s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + prefix + "range");
      s.execute("DROP TABLE IF EXISTS " + prefix + "worker");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"range", "snowflake"})
  void fourAllocatorsInOneProcessNeverIssueTheSameValue(String engine) throws Exception {
    int allocators = 4;
    int perThread = 200_000;
    List<JdbcSequenceStore> stores = new ArrayList<>();
    List<Sequence> sequences = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(allocators * 2);
    try {
      List<Future<long[]>> results = new ArrayList<>();
      for (int a = 0; a < allocators; a++) {
        JdbcSequenceStore store = DrawValues.open(DB, prefix);
        stores.add(store);
        Sequence sequence = DrawValues.open(engine, store);
        sequences.add(sequence);
        for (int t = 0; t < 2; t++) {
          results.add(pool.submit(() -> {
            long[] values = new long[perThread];
            for (int i = 0; i < perThread; i++) {
              values[i] = sequence.next();
            }
            return values;
          }));
        }
      }
      List<long[]> all = new ArrayList<>();
      for (Future<long[]> result : results) {
        all.add(result.get(5, TimeUnit.MINUTES));
      }
      assertAllDistinct(all, allocators * 2 * perThread);
    } finally {
      pool.shutdownNow();
      sequences.forEach(Sequence::close);
      stores.forEach(JdbcSequenceStore::close);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"range", "snowflake"})
  void fourProcessesNeverIssueTheSameValue(String engine) throws Exception {
    int processes = 4;
    int perProcess = 300_000;
    Path dir = Files.createTempDirectory("seqproxy-shared");
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> started = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    try {
      for (int p = 0; p < processes; p++) {
        Path out = dir.resolve("values-" + p);
        outputs.add(out);
        started.add(new ProcessBuilder(java, "-cp", classpath, DrawValues.class.getName(), DB.name(), prefix,
            engine, Integer.toString(perProcess), out.toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("log-" + p).toFile()).start());
      }
      for (int p = 0; p < processes; p++) {
        if (!started.get(p).waitFor(5, TimeUnit.MINUTES)) {
          throw new AssertionError("process " + p + " did not finish");
        }
        assertEquals(0, started.get(p).exitValue(), () -> "process failed: " + read(dir.resolve("log-0")));
      }
      List<long[]> all = new ArrayList<>();
      for (Path out : outputs) {
        all.add(readValues(out.toFile(), perProcess));
      }
      assertAllDistinct(all, processes * perProcess);
    } finally {
      started.forEach(Process::destroyForcibly);
      for (File f : dir.toFile().listFiles()) {
        Files.delete(f.toPath());
      }
      Files.delete(dir);
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static long[] readValues(File file, int count) throws IOException {
    long[] values = new long[count];
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new java.io.FileInputStream(file)))) {
      for (int i = 0; i < count; i++) {
        values[i] = in.readLong();
      }
      assertEquals(-1, in.read(), "no more values than asked for");
    }
    return values;
  }

  private static void assertAllDistinct(List<long[]> parts, int expected) {
    long[] all = new long[expected];
    int at = 0;
    for (long[] part : parts) {
      for (int i = 1; i < part.length; i++) {
        if (part[i] <= part[i - 1]) {
          throw new AssertionError("values of one allocator must increase: " + part[i - 1] + " then " + part[i]);
        }
      }
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    assertEquals(expected, at);
    Arrays.sort(all);
    for (int i = 1; i < all.length; i++) {
      if (all[i] == all[i - 1]) {
        throw new AssertionError("duplicate value " + all[i]);
      }
    }
  }
}
