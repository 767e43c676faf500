package io.seqproxy.sequence;

/** The clock is behind the last timestamp issued or persisted, by more than the tolerance. */
public class ClockMovedBackwardsException extends SequenceException {
  private static final long serialVersionUID = 1L;
  private final long behindMillis;

  public ClockMovedBackwardsException(String message, long behindMillis) {
    super(message);
    this.behindMillis = behindMillis;
  }

  /** How far the clock is behind, in milliseconds. */
  public long behindMillis() {
    return behindMillis;
  }
}
