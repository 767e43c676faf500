package io.seqproxy.jdbc.rewrite;

import java.util.List;

/** Where a table's generated columns stand among the columns a statement writes. */
final class GeneratedColumns {

  private GeneratedColumns() {}

  /** For each generated column, its index among {@code written} (case-insensitive) or -1. */
  static int[] positions(List<String> written, List<ColumnMapping> columns) {
    int[] positions = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      positions[c] = -1;
      for (int w = 0; w < written.size(); w++) {
        if (written.get(w).equalsIgnoreCase(columns.get(c).column())) {
          positions[c] = w;
          break;
        }
      }
    }
    return positions;
  }

  /** Whether every generated column is among {@code written}. */
  static boolean allWritten(List<String> written, List<ColumnMapping> columns) {
    for (int position : positions(written, columns)) {
      if (position < 0) {
        return false;
      }
    }
    return true;
  }

  static String names(List<ColumnMapping> columns) {
    return String.join(", ", columns.stream().map(ColumnMapping::column).toList());
  }
}
