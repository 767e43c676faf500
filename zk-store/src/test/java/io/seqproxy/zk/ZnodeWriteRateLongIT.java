package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/**
 * How many compare-and-set writes a second one znode takes on a three-server ensemble of
 * separate processes on this machine: the limit the scale model in {@code benchmarks} assumes
 * for a region's ledger and the global ledger, which are each one znode changed by versioned
 * {@code setData}. Clients read the version, write with it, and count the writes that won; with
 * several clients the losers read again, as the stores do.
 *
 * <p>Prints one line per client count. Not part of {@code mvn verify}:
 * {@code mvn -B -pl zk-store -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ZnodeWriteRateLongIT}.
 */
class ZnodeWriteRateLongIT {
  private static final long MEASURE_MILLIS = 10_000;

  @Test
  void oneZnodeTakesThousandsOfCompareAndSetWritesASecond() throws Exception {
    try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.start(3)) {
      for (int clients : new int[] {1, 4, 16}) {
        String path = "/rate-" + clients;
        List<CuratorFramework> sessions = new ArrayList<>();
        try {
          for (int c = 0; c < clients; c++) {
            CuratorFramework client = CuratorFrameworkFactory.newClient(ensemble.connectString(), 30_000, 10_000,
                new RetryNTimes(3, 100));
            client.start();
            client.blockUntilConnected();
            sessions.add(client);
          }
          sessions.get(0).create().forPath(path, "0".getBytes());
          AtomicLong won = new AtomicLong();
          AtomicLong lost = new AtomicLong();
          long deadline = System.currentTimeMillis() + MEASURE_MILLIS;
          List<Thread> threads = new ArrayList<>();
          for (CuratorFramework client : sessions) {
            Thread thread = new Thread(() -> {
              try {
                Stat stat = new Stat();
                client.getData().storingStatIn(stat).forPath(path);
                int version = stat.getVersion();
                while (System.currentTimeMillis() < deadline) {
                  try {
                    version = client.setData().withVersion(version).forPath(path, "x".getBytes()).getVersion();
                    won.incrementAndGet();
                  } catch (KeeperException.BadVersionException e) {
                    lost.incrementAndGet();
                    client.getData().storingStatIn(stat).forPath(path);
                    version = stat.getVersion();
                  }
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
            threads.add(thread);
            thread.start();
          }
          for (Thread thread : threads) {
            thread.join();
          }
          System.out.printf("one znode, 3 servers, %2d clients: %,6.0f successful compare-and-set writes/s"
              + " (%,d lost to another client)%n", clients, won.get() * 1000.0 / MEASURE_MILLIS, lost.get());
          assertTrue(won.get() > 0);
        } finally {
          sessions.forEach(CuratorFramework::close);
        }
      }
    }
  }
}
