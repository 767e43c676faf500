package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.sequence.EpochClock;
import io.seqproxy.sequence.range.Range;
import io.seqproxy.sequence.snowflake.WorkerLease;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.NoAuthException;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code auth: user:password} end to end on a real server: every node seqproxy writes (its root,
 * range marks, worker-id leases and their persisted timestamps) is "all for the digest user, read
 * for anyone". A ZooKeeper client without the digest, or with a wrong password, can read but cannot
 * move a range back, squat a sequence's node, free or take a worker id, lower a persisted timestamp,
 * or open the ACL; seqproxy carries on from its own marks afterwards.
 */
class ZkDigestAclIT {

  private static final String AUTH = "seqproxy:Acl-pw-5e11";
  private static TestingServer server;
  private String root;
  private ZkSequenceStore store;

  @BeforeAll
  static void startServer() throws Exception {
    server = TestStores.sharedServer();
  }

  @BeforeEach
  void open() {
    root = TestStores.uniqueRoot();
    Map<String, Object> settings = TestStores.settings(server.getConnectString(), root);
    settings.put("auth", AUTH);
    store = TestStores.open(settings);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void withoutTheDigestNoRangeOrLeaseCanBeChanged() throws Exception {
    assertEquals(new Range(1, 11), store.ranges().reserve("acl_seq", 1, 10, Long.MAX_VALUE));
    WorkerLease lease = store.workerLeases().acquire("acl_flake", 3, EpochClock.system(), 0);
    String range = root + "/ranges/acl_seq";
    String leases = root + "/workers/acl_flake/leases";
    String timestamp = root + "/workers/acl_flake/timestamps/" + lease.workerId();
    byte[] one = "1".getBytes(StandardCharsets.US_ASCII);

    for (String auth : new String[] {null, "seqproxy:wrong-password", "intruder:Acl-pw-5e11"}) {
      try (CuratorFramework other = client(auth)) {
        String who = auth == null ? "a client without auth" : "a client with digest " + auth.split(":")[0] + ":***";
        assertTrue(new String(other.getData().forPath(range), StandardCharsets.US_ASCII).startsWith("log mark="),
            who + " reads");
        refused(who + " appends to a range's log",
            () -> other.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath(range + "/u1-"));
        refused(who + " deletes a range's log entry",
            () -> other.delete().forPath(range + "/" + other.getChildren().forPath(range).get(0)));
        refused(who + " moves a range back", () -> other.setData().forPath(range, one));
        refused(who + " deletes a range", () -> other.delete().forPath(range));
        refused(who + " squats another sequence's range node",
            () -> other.create().forPath(root + "/ranges/acl_other", one));
        refused(who + " frees a held worker id", () -> other.delete().forPath(leases + "/" + lease.workerId()));
        refused(who + " takes a free worker id",
            () -> other.create().withMode(CreateMode.EPHEMERAL).forPath(leases + "/1"));
        refused(who + " lowers a persisted timestamp", () -> other.setData().forPath(timestamp, one));
        refused(who + " opens the ACL", () -> other.setACL().withACL(Ids.OPEN_ACL_UNSAFE).forPath(root));
      }
    }

    assertEquals(List.of(new ACL(Perms.ALL, new org.apache.zookeeper.data.Id("digest",
        org.apache.zookeeper.server.auth.DigestAuthenticationProvider.generateDigest(AUTH))),
        new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE)), store.client().getACL().forPath(range), "the range's ACL");
    assertEquals(new Range(11, 21), store.ranges().reserve("acl_seq", 1, 10, Long.MAX_VALUE),
        "seqproxy continues from its own mark");
    assertTrue(lease.validUntil() > System.currentTimeMillis(), "the lease is still held");
    assertNotNull(store.client().checkExists().forPath(leases + "/" + lease.workerId()));
    assertEquals(1, store.workerLeases().acquire("acl_flake", 3, EpochClock.system(), 0).workerId(),
        "the next free id is still free for seqproxy");
  }

  private static void refused(String what, Executable change) {
    assertThrows(NoAuthException.class, change, what + " must be refused");
  }

  private static CuratorFramework client(String auth) {
    CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
        .connectString(server.getConnectString()).retryPolicy(new RetryOneTime(100));
    if (auth != null) {
      builder.authorization("digest", auth.getBytes(StandardCharsets.UTF_8));
    }
    CuratorFramework client = builder.build();
    client.start();
    return client;
  }
}
