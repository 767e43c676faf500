package io.seqproxy.jdbc.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import org.junit.jupiter.api.Test;

/** What the keys support, and that everything else is refused by name. */
class KeysResultSetTest {
  private final ResultSet keys = new KeysResultSet(null, new String[] {"id", "code"},
      new int[] {Types.BIGINT, Types.OTHER}, new Object[] {1000L, "7", 1001L, null});

  @Test
  void rowsAreReadForwardByIndexAndLabel() throws SQLException {
    assertTrue(keys.next());
    assertEquals(1000L, keys.getLong(1));
    assertEquals(7, keys.getInt("CODE"));
    assertTrue(keys.next());
    assertEquals(1001L, keys.getLong("id"));
    assertNull(keys.getObject(2));
    assertTrue(keys.wasNull());
    assertFalse(keys.next());
  }

  @Test
  void everythingElseIsRefusedNamingTheMethod() {
    SQLFeatureNotSupportedException array = assertThrows(SQLFeatureNotSupportedException.class, () -> keys.getArray(1));
    assertEquals("getArray is not supported by KeysResultSet (read-only, forward-only)", array.getMessage());
    SQLFeatureNotSupportedException update =
        assertThrows(SQLFeatureNotSupportedException.class, () -> keys.updateLong(1, 5));
    assertEquals("updateLong is not supported by KeysResultSet (read-only, forward-only)", update.getMessage());
  }

  @Test
  void closedKeysRefuseToMove() throws SQLException {
    keys.close();
    assertTrue(keys.isClosed());
    SQLException e = assertThrows(SQLException.class, keys::next);
    assertEquals("the generated keys result set is closed", e.getMessage());
    assertEquals("24000", e.getSQLState());
  }

  @Test
  void keysReadStraightFromTheLongsTheProxyWroteStopAtTheirRows() throws SQLException {
    long[] written = {1000L, KeyLayout.UNKNOWN, 1002L, 7L, 1004L, 9L};
    ResultSet longs = KeysResultSet.ofLongs(null, new String[] {"id", "other_id"},
        new int[] {Types.BIGINT, Types.BIGINT}, written, 2);
    assertTrue(longs.next());
    assertEquals(1000L, longs.getLong("ID"));
    assertFalse(longs.wasNull());
    assertEquals(0L, longs.getLong(2));
    assertTrue(longs.wasNull());
    assertNull(longs.getObject(2));
    assertTrue(longs.next());
    assertEquals(Long.valueOf(1002L), longs.getObject(1));
    assertEquals("7", longs.getString("other_id"));
    assertEquals(7, longs.getInt(2));
    assertFalse(longs.next(), "the third row of the array was written later and is not these keys'");
    SQLException after = assertThrows(SQLException.class, () -> longs.getLong(1));
    assertEquals("24000", after.getSQLState());
  }
}
