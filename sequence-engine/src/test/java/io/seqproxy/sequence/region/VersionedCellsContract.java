package io.seqproxy.sequence.region;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqproxy.sequence.spi.VersionedCells;
import io.seqproxy.sequence.spi.VersionedCells.Cell;
import io.seqproxy.testing.TestDatabases;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What every store's {@link VersionedCells} promise; subclasses run it on memory, jdbc and ZooKeeper. */
public abstract class VersionedCellsContract {

  /** The cells of the store under test; each call a new client of the same store. */
  protected abstract VersionedCells cells();

  private final String name = "region/" + TestDatabases.uniqueName("cell");

  @Test
  void aCellNeverWrittenIsAbsent() {
    assertEquals(Optional.empty(), cells().read(name));
  }

  @Test
  void aCellIsCreatedAtVersionZeroOnce() {
    assertEquals(OptionalLong.of(0), cells().write(name, -1, "cursor 1\n"));
    assertEquals(OptionalLong.empty(), cells().write(name, -1, "cursor 2\n"));
    assertEquals(Optional.of(new Cell("cursor 1\n", 0)), cells().read(name));
  }

  @Test
  void aWriteFromTheVersionReadWinsAndAStaleOneLoses() {
    VersionedCells one = cells();
    VersionedCells other = cells();
    one.write(name, -1, "a");
    assertEquals(OptionalLong.of(1), one.write(name, 0, "b"));
    assertEquals(OptionalLong.empty(), other.write(name, 0, "c"));
    assertEquals(OptionalLong.of(2), other.write(name, 1, "c"));
    assertEquals(Optional.of(new Cell("c", 2)), one.read(name));
  }

  @Test
  void aWriteToACellThatDoesNotExistLoses() {
    assertEquals(OptionalLong.empty(), cells().write(name, 3, "x"));
  }

  @Test
  void textOfManyLinesIsKeptExactly() {
    String text = "cursor 10\nfloor 0\nblock-size 100\n" + "range 1 2 4711@host 3\n".repeat(100);
    cells().write(name, -1, text);
    assertEquals(text, cells().read(name).orElseThrow().value());
  }
}
