package io.seqproxy.zk;

import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.spi.VersionedCells;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Cells as znodes {@code <root>/cells/<kind>/<sequence>}: the value is the node's UTF-8 data and
 * the version its {@code dataVersion}, so a write is one versioned {@code setData} (or a
 * {@code create} at version 0) that a quorum acknowledged. When the answer to a write is lost the
 * exception says so and the caller reads again: a retried write of an applied one loses on the
 * version, so nothing is ever applied twice. Every call is bounded by {@code connection-timeout}
 * through the client's retry policy.
 */
final class ZkCells implements VersionedCells {
  private final CuratorFramework client;
  private final String parent;

  ZkCells(CuratorFramework client, String root) {
    this.client = client;
    this.parent = ZKPaths.makePath(root, "cells");
  }

  private String path(String name) {
    int slash = name.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("a cell name is <kind>/<sequence>, got '" + name + "'");
    }
    return Znodes.child(Znodes.child(parent, name.substring(0, slash)), name.substring(slash + 1));
  }

  @Override
  public Optional<Cell> read(String name) {
    String path = path(name);
    try {
      Stat stat = new Stat();
      byte[] data = client.getData().storingStatIn(stat).forPath(path);
      return Optional.of(new Cell(new String(data, StandardCharsets.UTF_8), stat.getVersion()));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (Exception e) {
      throw unavailable("reading", path, e);
    }
  }

  @Override
  public OptionalLong write(String name, long expectedVersion, String value) {
    String path = path(name);
    byte[] data = value.getBytes(StandardCharsets.UTF_8);
    try {
      if (expectedVersion < 0) {
        client.create().creatingParentsIfNeeded().forPath(path, data);
        return OptionalLong.of(0);
      }
      Stat stat = client.setData().withVersion(Math.toIntExact(expectedVersion)).forPath(path, data);
      return OptionalLong.of(stat.getVersion());
    } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException
        | KeeperException.NoNodeException e) {
      return OptionalLong.empty();
    } catch (Exception e) {
      throw unavailable("writing", path, e);
    }
  }

  private SequenceUnavailableException unavailable(String doing, String path, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new SequenceUnavailableException(doing + " " + path + " in ZooKeeper at "
        + client.getZookeeperClient().getCurrentConnectionString() + " failed: " + e, e);
  }

  @Override
  public String describe() {
    return "zookeeper " + client.getZookeeperClient().getCurrentConnectionString() + " (" + parent + ")";
  }
}
