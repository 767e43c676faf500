package io.seqproxy.zk;

import io.seqproxy.sequence.snowflake.WorkerLeases;
import io.seqproxy.sequence.snowflake.WorkerLeasesContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The engine's {@link WorkerLeasesContract} on ZooKeeper: each process its own session. */
class ZkWorkerLeasesContractIT extends WorkerLeasesContract {

  private static TestingServer server;
  private String root;
  private final List<ZkSequenceStore> stores = new ArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    server = TestStores.sharedServer();
  }

  @BeforeEach
  void newRoot() {
    root = TestStores.uniqueRoot();
  }

  @AfterEach
  void closeStores() {
    stores.forEach(ZkSequenceStore::close);
  }

  @Override
  protected WorkerLeases process() {
    Map<String, Object> settings = TestStores.settings(server.getConnectString(), root);
    settings.put("worker-lease", LEASE_MILLIS + "ms");
    ZkSequenceStore store = TestStores.open(settings);
    stores.add(store);
    return store.workerLeases();
  }
}
