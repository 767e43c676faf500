package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Writes per reservation and reservation latency with 1, 16 and 64 clients (each its own
 * ZooKeeper session) reserving ranges of one sequence at once from a three-server ensemble of
 * separate processes on this machine. Prints one line per client count; asserts disjoint ranges
 * and at most 1.5 writes per reservation. Not part of {@code mvn verify} (about two minutes):
 * {@code mvn -B -pl zk-store -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ZkContentionLongIT}.
 */
class ZkContentionLongIT {

  @Test
  void writesPerReservationStayBelowOneAndAHalfUpToSixtyFourClients() throws Exception {
    try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.start(3)) {
      System.out.println("3 servers, ranges of 100 values; " + ContendedReservations.Result.header());
      List<ContendedReservations.Result> results = new ArrayList<>();
      for (int clients : new int[] {1, 16, 64}) {
        results.add(ContendedReservations.run(ensemble, clients, 6400 / clients, 100));
        System.out.println(results.get(results.size() - 1).line());
      }
      for (ContendedReservations.Result result : results) {
        assertTrue(result.writesPerReservation() <= 1.5, result.line());
      }
    }
  }
}
