package io.seqproxy.sequence.spi;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Small text values under names, each changed only by a compare-and-set on its version: what a
 * store needs to hold the blocks of a region ({@code io.seqproxy.sequence.region}). A write is
 * durable and committed (a quorum write, a committed UPDATE) before it returns. Versions start
 * at 0 when a cell is created and go up by one with every write, in every store.
 *
 * <p>Names are {@code <kind>/<sequence>}: one slash, each part a valid sequence name.
 * Implementations are thread-safe.
 */
public interface VersionedCells {

  /** The largest value a store must hold, in characters. */
  int MAX_VALUE_CHARS = 4000;

  /** A cell's value and the version it has in the store. */
  record Cell(String value, long version) {}

  /** The cell of that name; empty when it was never written. */
  Optional<Cell> read(String name);

  /**
   * Writes {@code value} if the cell is still at {@code expectedVersion} ({@code -1}: creates it
   * if it does not exist). Returns the version written, or empty when another writer came first.
   *
   * @throws io.seqproxy.sequence.SequenceUnavailableException when the store cannot be reached
   */
  OptionalLong write(String name, long expectedVersion, String value);

  /** Where the cells are, for messages; no secrets. */
  String describe();
}
