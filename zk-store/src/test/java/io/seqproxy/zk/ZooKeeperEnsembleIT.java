package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reservations on three real ZooKeeper processes while the leader is SIGKILLed and restarted. */
class ZooKeeperEnsembleIT {

  @Test
  void reservationsGoOnWhileTheLeaderProcessIsKilledAndRestarted() throws Exception {
    List<Process> started;
    try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.start(3)) {
      started = zk.processes();
      assertEquals(3, started.size());
      try (ReservationLoad load = new ReservationLoad(zk.connectString(), 3, 2, 100)) {
        load.awaitProgress(100, 30_000, "with three servers");

        int leader = zk.awaitLeader();
        zk.kill(leader);
        assertNull(zk.srvr(leader), "the old leader is dead");
        int next = zk.awaitLeader();
        assertNotEquals(leader, next);
        load.awaitProgress(100, 30_000, "after SIGKILL of leader " + leader);

        zk.restart(leader);
        zk.awaitFollower();
        load.awaitProgress(100, 30_000, "after restarting server " + leader);
        System.out.println("Real ensemble, leader " + leader + " SIGKILLed and restarted: "
            + load.stopAndVerify());
      }
    }
    for (Process p : started) {
      assertEquals(false, p.isAlive(), "every server process is gone after close");
    }
  }
}
