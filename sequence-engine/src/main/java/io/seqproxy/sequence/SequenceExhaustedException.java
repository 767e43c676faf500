package io.seqproxy.sequence;

/** The sequence has issued every value up to its configured maximum, or its layout's end of time. */
public class SequenceExhaustedException extends SequenceException {
  private static final long serialVersionUID = 1L;

  public SequenceExhaustedException(String message) {
    super(message);
  }
}
