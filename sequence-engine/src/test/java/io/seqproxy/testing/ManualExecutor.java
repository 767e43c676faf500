package io.seqproxy.testing;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** Queues what it is given; the test runs it, on its own thread, when it chooses. */
public final class ManualExecutor implements Executor {
  private final Queue<Runnable> queued = new ArrayDeque<>();

  @Override
  public synchronized void execute(Runnable task) {
    queued.add(task);
  }

  public synchronized int queued() {
    return queued.size();
  }

  /** Runs what is queued, including what those tasks queue; returns how many ran. */
  public int runAll() {
    int ran = 0;
    for (Runnable task; (task = poll()) != null; ran++) {
      task.run();
    }
    return ran;
  }

  private synchronized Runnable poll() {
    return queued.poll();
  }
}
