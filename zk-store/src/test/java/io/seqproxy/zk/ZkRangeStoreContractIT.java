package io.seqproxy.zk;

import io.seqproxy.sequence.range.Range;
import io.seqproxy.sequence.range.RangeStore;
import io.seqproxy.sequence.range.RangeStoreContract;
import java.util.OptionalLong;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.BeforeAll;

/** The engine's {@link RangeStoreContract}, each client its own Curator session. */
class ZkRangeStoreContractIT extends RangeStoreContract {

  private static TestingServer server;
  private static String root;

  @BeforeAll
  static void startServer() throws Exception {
    server = TestStores.sharedServer();
    root = TestStores.uniqueRoot();
  }

  @Override
  protected RangeStore openStore() {
    ZkSequenceStore store = TestStores.open(TestStores.settings(server.getConnectString(), root));
    // Closing the range store must close the client of "another process" too.
    return new ClosingRangeStore(store);
  }

  /** The store's range store, closing the whole store (and its session) with it. */
  private record ClosingRangeStore(ZkSequenceStore store) implements RangeStore {
    @Override
    public Range reserve(String sequence, long start, long size, long maxValue) {
      return store.ranges().reserve(sequence, start, size, maxValue);
    }

    @Override
    public boolean release(String sequence, Range range, long unusedFrom) {
      return store.ranges().release(sequence, range, unusedFrom);
    }

    @Override
    public OptionalLong highWater(String sequence) {
      return store.ranges().highWater(sequence);
    }

    @Override
    public long raiseTo(String sequence, long value) {
      return store.ranges().raiseTo(sequence, value);
    }

    @Override
    public String describe() {
      return store.ranges().describe();
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
