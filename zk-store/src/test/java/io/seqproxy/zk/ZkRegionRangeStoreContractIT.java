package io.seqproxy.zk;

import io.seqproxy.sequence.range.RangeStore;
import io.seqproxy.sequence.range.RangeStoreContract;
import io.seqproxy.sequence.region.KeeperFedRangeStore;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The range store contract on a region whose ledger and global ledger are in ZooKeeper. */
class ZkRegionRangeStoreContractIT extends RangeStoreContract {
  private static ZkSequenceStore region;
  private static ZkSequenceStore global;

  @BeforeAll
  static void open() throws Exception {
    TestingServer server = TestStores.sharedServer();
    region = TestStores.open(TestStores.settings(server.getConnectString(), TestStores.uniqueRoot()));
    global = TestStores.open(TestStores.settings(server.getConnectString(), TestStores.uniqueRoot()));
  }

  @AfterAll
  static void close() {
    region.close();
    global.close();
  }

  @Override
  protected RangeStore openStore() {
    return new KeeperFedRangeStore(region.cells(), global.cells());
  }
}
