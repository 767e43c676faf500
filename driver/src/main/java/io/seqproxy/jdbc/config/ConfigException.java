package io.seqproxy.jdbc.config;

import java.sql.SQLException;
import java.util.List;

/**
 * The configuration cannot be used. Carries every problem found, not only the first, each as
 * {@code <file>:<line>: <key path>: <what was expected>}, so that a user fixes them in one go
 * (the CLI prints {@link #errors()} one per line).
 */
public class ConfigException extends SQLException {
  private static final long serialVersionUID = 1L;

  /** SQLState for "invalid authorization / configuration": the connection cannot be made. */
  private static final String SQL_STATE = "HY000";

  private final List<String> errors;

  public ConfigException(String source, List<String> errors) {
    super(message(source, errors), SQL_STATE);
    this.errors = List.copyOf(errors);
  }

  /** The problems, one line each, in file order. */
  public List<String> errors() {
    return errors;
  }

  private static String message(String source, List<String> errors) {
    if (errors.size() == 1) {
      return "seqproxy configuration " + source + " is invalid: " + errors.get(0);
    }
    StringBuilder text = new StringBuilder("seqproxy configuration ").append(source)
        .append(" has ").append(errors.size()).append(" errors:");
    for (String error : errors) {
      text.append("\n  ").append(error);
    }
    return text.toString();
  }
}
