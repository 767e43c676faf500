package io.seqproxy.benchmarks;

import io.seqproxy.sequence.range.MemoryRangeStore;
import io.seqproxy.sequence.range.RangeSequence;
import io.seqproxy.sequence.snowflake.SnowflakeLayout;
import io.seqproxy.sequence.snowflake.SnowflakeSequence;
import io.seqproxy.sequence.snowflake.WorkerLease;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import me.ahoo.cosid.segment.IdSegmentDistributor;
import me.ahoo.cosid.segment.SegmentChainId;
import me.ahoo.cosid.snowflake.MillisecondSnowflakeId;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of one ID, all threads drawing from one shared generator: seqproxy's range and
 * Snowflake {@code next()}, CosId's {@code SegmentChainId} (in-memory distributor) and
 * {@code MillisecondSnowflakeId}, and a bare {@link AtomicLong#getAndIncrement()} as the floor of
 * any counter.
 *
 * <p>Both Snowflakes are bounded by their layout: 12 sequence bits per millisecond, 4,096 IDs per
 * millisecond per worker, i.e. 4.096 million per second. The range engines are bounded by their
 * counters once their ranges are large: seqproxy's range grows from 1,000 to 1,000,000 IDs;
 * CosId's segments keep the step they are given (1,000 here, seqproxy's initial range) and its
 * prefetch job chains more of them when it is hungry.
 *
 * <p>Run at 1, 2 and 4 threads with the ratios: {@code benchmarks/sequences} (see
 * {@link SequenceComparison}). One thread count by hand: {@code java -jar
 * benchmarks/target/benchmarks.jar SequenceBenchmark -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.log.me.ahoo.cosid=warn")
public class SequenceBenchmark {
  /** CosId's segment size: seqproxy's initial range size. */
  static final long COSID_STEP = 1000;

  private SnowflakeSequence snowflake;
  private RangeSequence range;
  private SegmentChainId cosidSegmentChain;
  private MillisecondSnowflakeId cosidSnowflake;
  private final AtomicLong counter = new AtomicLong();

  @Setup
  public void setUp() {
    snowflake = SnowflakeSequence.builder("bench_snowflake", SnowflakeLayout.standard())
        .lease(WorkerLease.fixed(1)).build();
    range = RangeSequence.builder("bench_range", new MemoryRangeStore()).initialSize(1000).maxSize(1_000_000)
        .targetLifetime(Duration.ofMinutes(1)).build();
    cosidSegmentChain = new SegmentChainId(new IdSegmentDistributor.Atomic(COSID_STEP));
    cosidSnowflake = new MillisecondSnowflakeId(1);
  }

  @TearDown
  public void tearDown() {
    snowflake.close();
    range.close();
  }

  @Benchmark
  public long seqproxyRange() {
    return range.next();
  }

  @Benchmark
  public long seqproxySnowflake() {
    return snowflake.next();
  }

  @Benchmark
  public long cosidSegmentChain() {
    return cosidSegmentChain.generate();
  }

  @Benchmark
  public long cosidSnowflake() {
    return cosidSnowflake.generate();
  }

  @Benchmark
  public long atomicLong() {
    return counter.getAndIncrement();
  }
}
