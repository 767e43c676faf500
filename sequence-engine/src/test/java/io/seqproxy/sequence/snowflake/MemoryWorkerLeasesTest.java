package io.seqproxy.sequence.snowflake;

/** The worker-lease contract on the memory store: every "process" is this JVM. */
class MemoryWorkerLeasesTest extends WorkerLeasesContract {
  private final MemoryWorkerLeases leases = new MemoryWorkerLeases();

  @Override
  protected WorkerLeases process() {
    return leases;
  }
}
