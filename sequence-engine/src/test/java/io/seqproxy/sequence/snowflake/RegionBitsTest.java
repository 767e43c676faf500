package io.seqproxy.sequence.snowflake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqproxy.testing.ManualClock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegionBitsTest {
  private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void twoRegionsWithTheSameLeasedWorkerIdNeverIssueTheSameId() {
    ManualClock clock = new ManualClock(EPOCH.toEpochMilli() + 1000);
    SnowflakeLayout layout = RegionBits.layout(41, 2, 3, 12, 1);
    RegionBits eu = new RegionBits(2, 1, 3);
    RegionBits us = new RegionBits(2, 2, 3);
    // Each region has its own store, so both lease worker id 0.
    SnowflakeSequence a = SnowflakeSequence.builder("ids", layout).epoch(EPOCH).clock(clock)
        .leases(eu.leases(new MemoryWorkerLeases())).build();
    SnowflakeSequence b = SnowflakeSequence.builder("ids", layout).epoch(EPOCH).clock(clock)
        .leases(us.leases(new MemoryWorkerLeases())).build();
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      seen.add(a.next());
      seen.add(b.next());
      if (i % 1000 == 0) {
        clock.advance(1);
      }
    }
    assertEquals(20_000, seen.size());
    long id = b.next();
    int field = b.decode(id).workerId();
    assertEquals(2, RegionBits.regionOf(field, 3));
    assertEquals(0, RegionBits.workerOf(field, 3));
  }

  @Test
  void aLayoutOverSixtyThreeBitsNamesEveryPart() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RegionBits.layout(41, 4, 10, 12, 1));
    assertEquals("the layout needs 67 bits (timestamp=41 + region=4 + worker=10 + sequence=12) but a positive"
        + " 64-bit ID has 63", e.getMessage());
  }

  @Test
  void aRegionIdOutsideItsBitsIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RegionBits(2, 4, 8));
    assertEquals("region id 4 is outside 0..3 (2 region bits)", e.getMessage());
  }
}
