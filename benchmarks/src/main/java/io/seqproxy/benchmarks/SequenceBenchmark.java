package io.seqproxy.benchmarks;

import io.seqproxy.sequence.range.MemoryRangeStore;
import io.seqproxy.sequence.range.RangeSequence;
import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import io.seqproxy.sequence.snowflake.SnowflakeSequence;
import io.seqproxy.sequence.snowflake.WorkerLease;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@code next()} for both engines.
 *
 * <p>Snowflake is bounded by its layout: 4,096 IDs per millisecond per worker with the standard
 * layout, i.e. 4.096 million per second; the benchmark shows how close it gets. Range allocation
 * is bounded only by its atomic counter once the range size has grown to {@code max-range}.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar SequenceBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SequenceBenchmark {
  private SnowflakeSequence snowflake;
  private RangeSequence range;

  @Setup
  public void setUp() {
    snowflake = SnowflakeSequence.builder("bench_snowflake", SnowflakeLayout.standard())
        .lease(WorkerLease.fixed(1)).build();
    range = RangeSequence.builder("bench_range", new MemoryRangeStore()).initialSize(1000).maxSize(1_000_000)
        .targetLifetime(Duration.ofMinutes(1)).build();
  }

  @TearDown
  public void tearDown() {
    snowflake.close();
    range.close();
  }

  @Benchmark
  @Threads(1)
  public long snowflakeNext() {
    return snowflake.next();
  }

  @Benchmark
  @Threads(1)
  public long rangeNextOneThread() {
    return range.next();
  }

  @Benchmark
  @Threads(2)
  public long rangeNextTwoThreads() {
    return range.next();
  }
}
