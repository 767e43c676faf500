package io.seqproxy.jdbc.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqproxy.jdbc.function.FunctionCall.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionCallTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "SELECT LAST_INSERT_ID()|LAST_INSERT_ID()",
      "select last_insert_id()|last_insert_id()",
      "  Select   Last_Insert_Id ( )  ;|Last_Insert_Id ( )",
      "SELECT LAST_INSERT_ID() AS x|x",
      "SELECT LAST_INSERT_ID() id|id",
      "SELECT LAST_INSERT_ID() AS `key`|key",
      "select last_insert_id() from dual|last_insert_id()",
  })
  void lastInsertIdIsRecognised(String sql, String label) {
    assertTrue(FunctionCall.mayBeCall(sql));
    assertEquals(new FunctionCall(Kind.LAST_INSERT_ID, null, label), FunctionCall.of(sql));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // Hibernate 6: H2Dialect and MariaDBDialect, PostgreSQLDialect
      "select next value for order_id|order_id|next value for order_id",
      "select nextval('order_id')|order_id|nextval('order_id')",
      "SELECT NEXT VALUE FOR ORDER_ID|ORDER_ID|NEXT VALUE FOR ORDER_ID",
      "SELECT NEXTVAL('order_id') AS id|order_id|id",
      "select nextval('public.order_id'::regclass)|order_id|nextval('public.order_id'::regclass)",
      "select nextval(\"order_id\")|order_id|nextval(\"order_id\")",
      "select nextval(shop.order_id)|order_id|nextval(shop.order_id)",
      "select next value for `shop`.`order_id` from dual;|order_id|next value for `shop`.`order_id`",
      "select next value for \"a.b\"|a.b|next value for \"a.b\"",
      "VALUES NEXT VALUE FOR order_id|order_id|NEXT VALUE FOR order_id",
      "values (next value for order_id)|order_id|next value for order_id",
      "call next value for order_id|order_id|next value for order_id",
  })
  void nextValueIsRecognised(String sql, String sequence, String label) {
    assertTrue(FunctionCall.mayBeCall(sql));
    assertEquals(new FunctionCall(Kind.NEXT_VALUE, sequence, label), FunctionCall.of(sql));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "SELECT 1",
      "SELECT LAST_INSERT_ID() + 1",
      "SELECT LAST_INSERT_ID(5)",
      "SELECT id FROM t WHERE id = LAST_INSERT_ID()",
      "SELECT nextval('a'), nextval('b')",
      "SELECT next value for s FROM t",
      "INSERT INTO t (id) VALUES (NEXT VALUE FOR s)",
      "SELECT next_value FROM t",
      "SELECT currval('s')",
      "select nextval('s') x y",
      "",
  })
  void otherStatementsAreNot(String sql) {
    assertNull(FunctionCall.of(sql));
  }

  /** The check before the regex reads the first two words only, so calls named later do not make it look. */
  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "SELECT id, name FROM t WHERE name = 'next' AND last_insert_id = 1",
      "SELECT id FROM t WHERE id = LAST_INSERT_ID()",
      "SELECT a, nextval('s') FROM t",
      "/* next */ SELECT nextval('s')",
      "UPDATE t SET next = 1",
      "values (1, next value for s)",
      "select",
  })
  void theCheckBeforeTheRegexSaysNoAtOnce(String sql) {
    assertFalse(FunctionCall.mayBeCall(sql));
    assertNull(FunctionCall.of(sql));
  }

  @Test
  void lineBreaksCountAsSpaces() {
    assertEquals(new FunctionCall(Kind.NEXT_VALUE, "s", "s_next"),
        FunctionCall.of("select\n  nextval('s')\n  as s_next\n"));
  }

  @Test
  void longStatementsAreNotParsed() {
    assertNull(FunctionCall.of("SELECT LAST_INSERT_ID()" + " ".repeat(400)));
    assertNull(FunctionCall.of(null));
  }
}
