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
}
