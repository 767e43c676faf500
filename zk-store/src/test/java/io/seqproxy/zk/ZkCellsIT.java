package io.seqproxy.zk;

import io.seqproxy.sequence.region.VersionedCellsContract;
import io.seqproxy.sequence.spi.VersionedCells;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The cells contract on ZooKeeper, each client its own session. */
class ZkCellsIT extends VersionedCellsContract {
  private static TestingServer server;
  private static final String ROOT = TestStores.uniqueRoot();
  private final List<ZkSequenceStore> stores = new ArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    server = TestStores.sharedServer();
  }

  @Override
  protected VersionedCells cells() {
    ZkSequenceStore store = TestStores.open(TestStores.settings(server.getConnectString(), ROOT));
    stores.add(store);
    return store.cells();
  }

  @AfterEach
  void closeStores() {
    stores.forEach(ZkSequenceStore::close);
  }
}
