package io.seqproxy.zk;

import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.spi.SequenceStore;
import io.seqproxy.sequence.spi.VersionedCells;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Curator client shared by the range store and the worker leases of a {@code zookeeper}
 * store section.
 *
 * <p>At start the store waits for the ensemble at most {@code connection-timeout}; if no server
 * answers by then it fails with a {@link SequenceUnavailableException} naming the connect string,
 * rather than handing out a store that can issue nothing.
 *
 * <p>With {@code auth: user:password} every node seqproxy creates carries the ACL
 * "all permissions for the digest user, read for anyone": other ZooKeeper users can inspect the
 * marks but cannot alter or delete them. Without it nodes are open ({@code world:anyone}).
 */
final class ZkSequenceStore implements SequenceStore {

  private static final Logger LOG = LoggerFactory.getLogger(ZkSequenceStore.class);

  private final CuratorFramework client;
  private final ZkRangeStore ranges;
  private final ZkWorkerLeases workerLeases;
  private final ZkCells cells;

  private ZkSequenceStore(CuratorFramework client, ZkSettings settings, List<ACL> acl) {
    this.client = client;
    this.ranges = new ZkRangeStore(client, settings.root(), acl, settings.connectionTimeout().toMillis());
    this.workerLeases =
        new ZkWorkerLeases(client, settings.root(), acl, settings.workerLease().toMillis(),
            settings.connectionTimeout().toMillis());
    this.cells = new ZkCells(client, settings.root());
  }

  static ZkSequenceStore open(ZkSettings settings) {
    // Not List.of: ZooKeeper asks the list whether it contains null, which List.of refuses.
    List<ACL> acl = settings.auth() == null ? Ids.OPEN_ACL_UNSAFE : Collections.unmodifiableList(
        Arrays.asList(new ACL(Perms.ALL, Ids.AUTH_IDS), new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE)));
    long connectionTimeout = settings.connectionTimeout().toMillis();
    CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
        .connectString(settings.connect())
        .sessionTimeoutMs(Math.toIntExact(settings.sessionTimeout().toMillis()))
        .connectionTimeoutMs(Math.toIntExact(connectionTimeout))
        .retryPolicy(new BoundedRetry(Math.toIntExact(settings.retryBaseSleep().toMillis()),
            settings.retryMaxRetries(), connectionTimeout))
        // Use the servers the user listed, not whatever the ensemble's dynamic config says.
        .ensembleTracker(false)
        .aclProvider(new FixedAcl(acl));
    if (settings.auth() != null) {
      builder.authorization("digest", settings.auth().getBytes(StandardCharsets.UTF_8));
    }
    CuratorFramework client = builder.build();
    LOG.info("Connecting to ZooKeeper: {}", settings);
    client.start();
    boolean connected;
    try {
      connected = client.blockUntilConnected(Math.toIntExact(connectionTimeout), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.close();
      throw new SequenceUnavailableException(
          "interrupted while connecting to ZooKeeper at " + settings.connect(), e);
    }
    if (!connected) {
      client.close();
      throw new SequenceUnavailableException(
          "ZooKeeper at " + settings.connect() + " could not be reached within "
              + connectionTimeout + " ms (stores.zookeeper.connect, connection-timeout);"
              + " check that the ensemble is running and that the address is right");
    }
    return new ZkSequenceStore(client, settings, acl);
  }

  /** The Curator client, for tests. */
  CuratorFramework client() {
    return client;
  }

  @Override
  public ZkRangeStore ranges() {
    return ranges;
  }

  @Override
  public ZkWorkerLeases workerLeases() {
    return workerLeases;
  }

  @Override
  public VersionedCells cells() {
    return cells;
  }

  @Override
  public void close() {
    // Leases first: each persists its bound and deletes its node while the client is open.
    workerLeases.close();
    ranges.close();
    client.close();
  }

  private record FixedAcl(List<ACL> acl) implements ACLProvider {
    @Override
    public List<ACL> getDefaultAcl() {
      return acl;
    }

    @Override
    public List<ACL> getAclForPath(String path) {
      return acl;
    }
  }
}
