package io.seqproxy.jdbc.rewrite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Values are the database's business: every value expression of the vendors' documented syntax
 * (hex and bit literals, CONVERT and CAST, INTERVAL, JSON, dollar-quoted and E'' strings, arrays,
 * vendor functions; see {@code rewrite/corpus/README.md}) put into each INSERT frame of its
 * dialect is planned, none refused, each to exactly the expected SQL.
 */
class VendorCorpusTest {

  /** A statement of the corpus and the prepared SQL it must be sent as. */
  record Entry(SqlDialect dialect, String sql, String expected) {}

  static List<Entry> corpus() throws IOException {
    List<Entry> entries = new ArrayList<>();
    entries.addAll(corpus(SqlDialect.MYSQL, "mysql"));
    entries.addAll(corpus(SqlDialect.POSTGRESQL, "postgresql"));
    entries.addAll(corpus(SqlDialect.STANDARD, "h2"));
    return entries;
  }

  private static List<Entry> corpus(SqlDialect dialect, String name) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (String frame : lines("frames-" + name + ".txt")) {
      String[] parts = frame.split(" => ", 2);
      for (String value : lines("values-" + name + ".txt")) {
        entries.add(new Entry(dialect, parts[0].replace("{v}", value), parts[1].replace("{v}", value)));
      }
    }
    return entries;
  }

  private static List<String> lines(String file) throws IOException {
    try (InputStream in = VendorCorpusTest.class.getResourceAsStream("/rewrite/corpus/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.isBlank() && !line.startsWith("-- "))
          .toList();
    }
  }

  @Test
  void everyDocumentedValueIsPlannedExactlyAndNoneRefused() throws IOException {
    List<Entry> corpus = corpus();
    Set<String> distinct = new LinkedHashSet<>();
    corpus.forEach(entry -> distinct.add(entry.sql()));
    assertTrue(distinct.size() >= 1_500, "distinct statements: " + distinct.size());
    List<String> refused = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (Entry entry : corpus) {
      InsertRewriter rewriter = new InsertRewriter(FixedMappings.STANDARD, entry.dialect());
      try {
        String sent = rewriter.plan(entry.sql()).preparedSql();
        if (!sent.equals(entry.expected())) {
          wrong.add(entry.dialect() + ": " + entry.sql() + "\n  sent     " + sent + "\n  expected " + entry.expected());
        }
      } catch (SQLException e) {
        refused.add(entry.dialect() + ": " + entry.sql() + "\n  " + e.getMessage());
      }
    }
    assertTrue(refused.isEmpty(), () -> refused.size() + " refused:\n" + String.join("\n", refused));
    assertTrue(wrong.isEmpty(), () -> wrong.size() + " planned wrongly:\n" + String.join("\n", wrong));
  }
}
