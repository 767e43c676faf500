package io.seqproxy.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.seqproxy.sequence.SequenceUnavailableException;
import io.seqproxy.sequence.range.Range;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Several stores (each its own ZooKeeper session, as separate processes would be), each
 * reserving on several threads, while a test breaks the ensemble. {@link #stopAndVerify()}
 * asserts that no value was reserved twice.
 */
final class ReservationLoad implements AutoCloseable {

  private static final String SEQUENCE = "chaos";
  private final List<ZkSequenceStore> stores = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedQueue<Range> issued = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
  private final AtomicLong unavailable = new AtomicLong();
  private volatile boolean running = true;

  ReservationLoad(String connect, int storeCount, int threadsPerStore, long rangeSize) {
    String root = TestStores.uniqueRoot();
    for (int s = 0; s < storeCount; s++) {
      Map<String, Object> settings = TestStores.settings(connect, root);
      settings.put("session-timeout", "4s");
      settings.put("connection-timeout", "4s");
      ZkSequenceStore store = TestStores.open(settings);
      stores.add(store);
      for (int t = 0; t < threadsPerStore; t++) {
        Thread thread = new Thread(() -> {
          while (running) {
            try {
              issued.add(store.ranges().reserve(SEQUENCE, 1, rangeSize, Long.MAX_VALUE));
            } catch (SequenceUnavailableException e) {
              unavailable.incrementAndGet(); // allowed while the ensemble elects a leader
            } catch (Throwable e) {
              failures.add(e);
              return;
            }
          }
        }, "reserver-" + s + "-" + t);
        threads.add(thread);
        thread.start();
      }
    }
  }

  long reservations() {
    return issued.size();
  }

  /** Waits until {@code more} further ranges were reserved: proof that reservations go on. */
  void awaitProgress(int more, long timeoutMillis, String during) throws InterruptedException {
    long target = reservations() + more;
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (reservations() < target) {
      if (!failures.isEmpty()) {
        fail("a reservation failed " + during, failures.peek());
      }
      if (System.currentTimeMillis() > deadline) {
        fail("no progress " + during + ": " + reservations() + " ranges, wanted " + target);
      }
      Thread.sleep(10);
    }
  }

  /** Stops, then asserts the ranges are pairwise disjoint and all below the stored mark. */
  String stopAndVerify() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(15_000);
    }
    if (!failures.isEmpty()) {
      fail("a reservation failed", failures.peek());
    }
    List<Range> sorted = new ArrayList<>(issued);
    sorted.sort(Comparator.comparingLong(Range::start));
    long values = 0;
    for (int i = 1; i < sorted.size(); i++) {
      assertTrue(sorted.get(i).start() >= sorted.get(i - 1).end(),
          "ranges overlap: " + sorted.get(i - 1) + " and " + sorted.get(i));
    }
    for (Range r : sorted) {
      values += r.size();
    }
    long last = sorted.get(sorted.size() - 1).end();
    OptionalLong mark = stores.get(0).ranges().highWater(SEQUENCE);
    assertTrue(mark.isPresent() && mark.getAsLong() >= last, "mark " + mark + " below " + last);
    long gaps = last - 1 - values;
    assertEquals(last - 1, values + gaps);
    return sorted.size() + " ranges, " + values + " values, disjoint; " + gaps
        + " values skipped after lost answers; " + unavailable.get()
        + " reservations gave up while no quorum answered";
  }

  @Override
  public void close() {
    running = false;
    stores.forEach(ZkSequenceStore::close);
  }
}
