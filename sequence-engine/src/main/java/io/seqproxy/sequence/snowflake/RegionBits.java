package io.seqproxy.sequence.snowflake;

import io.seqproxy.sequence.EpochClock;
import java.util.List;
import java.util.Optional;

/**
 * Region bits of a Snowflake layout: from the top, timestamp, region id, worker id, counter. The
 * generator sees region and worker as one field of {@code bits + workerBits} bits, whose high
 * bits are this region's id; worker ids are leased from the region's own store within the low
 * {@code workerBits}. So IDs of different regions differ in the region bits and never collide,
 * with no traffic between regions at all.
 *
 * @param bits region bits (at least 1)
 * @param regionId this region's id, {@code 0 .. 2^bits - 1}
 * @param workerBits worker bits within a region
 */
public record RegionBits(int bits, int regionId, int workerBits) {

  public RegionBits {
    if (bits < 1 || bits > 30 || workerBits < 0 || bits + workerBits > 30) {
      throw new IllegalArgumentException("region bits must be 1 to 30, and with worker bits at most 30; got region="
          + bits + " worker=" + workerBits);
    }
    if (regionId < 0 || regionId > maxRegionId(bits)) {
      throw new IllegalArgumentException("region id " + regionId + " is outside 0.." + maxRegionId(bits) + " ("
          + bits + " region bits)");
    }
  }

  static int maxRegionId(int bits) {
    return (1 << bits) - 1;
  }

  /**
   * The layout the generator uses: region and worker bits as one worker field.
   *
   * @throws IllegalArgumentException when the parts need more than 63 bits, naming each
   */
  public static SnowflakeLayout layout(int timestampBits, int regionBits, int workerBits, int sequenceBits,
      long unitMillis) {
    int total = timestampBits + regionBits + workerBits + sequenceBits;
    if (total > 63) {
      throw new IllegalArgumentException("the layout needs " + total + " bits (timestamp=" + timestampBits
          + " + region=" + regionBits + " + worker=" + workerBits + " + sequence=" + sequenceBits
          + ") but a positive 64-bit ID has 63");
    }
    return SnowflakeLayout.of(timestampBits, regionBits + workerBits, sequenceBits, unitMillis);
  }

  /** The generator's worker field for worker id {@code worker} of this region. */
  public int field(int worker) {
    return (regionId << workerBits) | worker;
  }

  /** The region id in a generator's worker field. */
  public static int regionOf(int field, int workerBits) {
    return field >>> workerBits;
  }

  /** The worker id within its region in a generator's worker field. */
  public static int workerOf(int field, int workerBits) {
    return field & ((1 << workerBits) - 1);
  }

  /** A fixed worker id of this region. */
  public WorkerLease fixed(int worker) {
    return WorkerLease.fixed(field(worker));
  }

  /** Worker ids leased from the region's store, handed to the generator with the region's bits on top. */
  public WorkerLeases leases(WorkerLeases regionStore) {
    return new WorkerLeases() {
      @Override
      public WorkerLease acquire(String sequence, int maxWorkerId, EpochClock clock, long toleranceMillis) {
        return new InRegion(regionStore.acquire(sequence, (1 << workerBits) - 1, clock, toleranceMillis));
      }

      @Override
      public Optional<List<LeaseRecord>> list(String sequence) {
        return regionStore.list(sequence);
      }
    };
  }

  /** A lease of the region's store, whose worker id the generator sees with the region bits on top. */
  private final class InRegion implements WorkerLease {
    private final WorkerLease lease;

    InRegion(WorkerLease lease) {
      this.lease = lease;
    }

    @Override
    public int workerId() {
      return field(lease.workerId());
    }

    @Override
    public long lastTimestamp() {
      return lease.lastTimestamp();
    }

    @Override
    public long validUntil() {
      return lease.validUntil();
    }

    @Override
    public String invalidReason() {
      return lease.invalidReason();
    }

    @Override
    public boolean lost() {
      return lease.lost();
    }

    @Override
    public void release(long lastIssuedMillis) {
      lease.release(lastIssuedMillis);
    }
  }
}
