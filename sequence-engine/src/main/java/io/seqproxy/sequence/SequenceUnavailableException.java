package io.seqproxy.sequence;

/**
 * The sequence's store cannot be reached and nothing reserved is left to issue, or a worker
 * lease could not be kept. Trying again later may succeed; the driver reports it as a
 * {@code SQLTransientException}.
 */
public class SequenceUnavailableException extends SequenceException {
  private static final long serialVersionUID = 1L;

  public SequenceUnavailableException(String message) {
    super(message);
  }

  public SequenceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
