package io.seqproxy.zk;

import java.io.IOException;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.apache.zookeeper.common.X509Exception.SSLContextException;
import org.junit.jupiter.api.Test;

/** Reservations on a curator-test ensemble of three while servers, the leader first, die. */
class ZkClusterIT {

  @Test
  void reservationsGoOnWhileTheLeaderAndThenAFollowerAreKilledAndRestarted() throws Exception {
    try (TestingCluster cluster = new TestingCluster(TestStores.ensembleSpecs(3))) {
      cluster.start();
      try (ReservationLoad load = new ReservationLoad(cluster.getConnectString(), 3, 2, 10)) {
        load.awaitProgress(100, 20_000, "with all three servers");

        InstanceSpec leader = awaitMode(cluster, "leader");
        cluster.killServer(leader);
        load.awaitProgress(100, 30_000, "after killing the leader " + leader.getServerId());
        cluster.restartServer(leader);
        load.awaitProgress(100, 20_000, "after restarting the old leader");

        InstanceSpec follower = awaitMode(cluster, "follower");
        cluster.killServer(follower);
        load.awaitProgress(100, 30_000, "after killing follower " + follower.getServerId());
        cluster.restartServer(follower);
        load.awaitProgress(100, 20_000, "after restarting the follower");

        System.out.println("TestingCluster, leader and follower killed: " + load.stopAndVerify());
      }
    }
  }

  private static InstanceSpec awaitMode(TestingCluster cluster, String mode) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      for (InstanceSpec spec : cluster.getInstances()) {
        try {
          String srvr = FourLetterWordMain.send4LetterWord("127.0.0.1", spec.getPort(), "srvr");
          if (srvr.contains("Mode: " + mode)) {
            return spec;
          }
        } catch (IOException | SSLContextException e) {
          // that server is down or starting
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no server reported Mode: " + mode + " within 20 s");
  }
}
