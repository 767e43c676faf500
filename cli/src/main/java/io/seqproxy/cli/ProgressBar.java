package io.seqproxy.cli;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** A one-line bar on stderr, redrawn ten times a second from a counter the workers add to. */
final class ProgressBar implements AutoCloseable {
  private static final int WIDTH = 40;

  private final PrintStream err;
  private final long total;
  private final LongSupplier done;
  private final ScheduledExecutorService timer;

  private ProgressBar(PrintStream err, long total, LongSupplier done) {
    this.err = err;
    this.total = total;
    this.done = done;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "seqproxy-progress");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleAtFixedRate(this::draw, 0, 100, TimeUnit.MILLISECONDS);
  }

  /** A bar, or nothing at all when stderr is not a terminal. */
  static AutoCloseable start(boolean show, long total, LongSupplier done) {
    return show ? new ProgressBar(System.err, total, done) : () -> {};
  }

  private void draw() {
    long now = Math.min(done.getAsLong(), total);
    int filled = (int) (WIDTH * now / total);
    err.printf("\r[%s%s] %3d%% %,d/%,d rows", "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * now / total,
        now, total);
    err.flush();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    err.print("\r" + " ".repeat(WIDTH + 40) + "\r");
    err.flush();
  }
}
