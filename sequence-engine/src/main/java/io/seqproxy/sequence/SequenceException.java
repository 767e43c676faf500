package io.seqproxy.sequence;

/** A value could not be issued, or a sequence could not be set up. The message says why. */
public class SequenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SequenceException(String message) {
    super(message);
  }

  public SequenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
