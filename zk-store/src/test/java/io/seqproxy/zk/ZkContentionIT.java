package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Sixteen clients, each its own ZooKeeper session, reserving ranges of one sequence at once from
 * a three-server ensemble: the ranges are disjoint and adjacent, and a reservation costs one
 * write however many reserve at once. {@link ZkContentionLongIT} measures 1, 16 and 64 clients.
 */
class ZkContentionIT {

  @Test
  void sixteenClientsReserveDisjointRangesWithOneWriteEach() throws Exception {
    try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.start(3)) {
      ContendedReservations.Result result = ContendedReservations.run(ensemble, 16, 25, 100);
      System.out.println("3 servers, ranges of 100 values; " + ContendedReservations.Result.header());
      System.out.println(result.line());
      assertEquals(400, result.reservations());
      assertEquals(0, result.gapValues(), "adjacent: no value skipped");
      assertTrue(result.writesPerReservation() <= 1.5, result.line());
    }
  }
}
