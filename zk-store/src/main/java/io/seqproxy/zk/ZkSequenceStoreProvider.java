package io.seqproxy.zk;

import io.seqproxy.sequence.spi.SequenceStore;
import io.seqproxy.sequence.spi.SequenceStoreProvider;
import io.seqproxy.sequence.spi.StoreContext;
import java.util.Map;
import java.util.Set;

/**
 * The {@code zookeeper} store: range reservations and Snowflake worker-id leases committed
 * through a ZooKeeper ensemble, found with {@link java.util.ServiceLoader}. The settings are
 * described in {@link ZkSettings}; what the store does when the connection is suspended or lost
 * is described in {@link ZkWorkerLease} and {@link ZkRangeStore}.
 */
public final class ZkSequenceStoreProvider implements SequenceStoreProvider {

  /** For {@link java.util.ServiceLoader}. */
  public ZkSequenceStoreProvider() {}

  @Override
  public String name() {
    return "zookeeper";
  }

  @Override
  public Set<String> settingKeys() {
    return ZkSettings.KEYS;
  }

  @Override
  public SequenceStore open(Map<String, Object> settings, StoreContext context) {
    return ZkSequenceStore.open(ZkSettings.parse(settings));
  }
}
