package io.seqproxy.jdbc.config;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} with the environment variable NAME and {@code ${NAME:-default}} with
 * its value, or {@code default} when it is unset or empty (as a shell does); {@code $${} stays a
 * literal {@code ${}. The values are secrets as often as not: nothing here logs them.
 */
final class EnvSubstitution {
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  /** Thrown for a variable that is unset and has no default; the message names it. */
  static final class MissingVariable extends Exception {
    private static final long serialVersionUID = 1L;

    MissingVariable(String name) {
      super("environment variable " + name + " is not set (write ${" + name
          + ":-default} to give a default)");
    }
  }

  private final Function<String, String> environment;

  EnvSubstitution(Function<String, String> environment) {
    this.environment = environment;
  }

  /** The environment variable {@code name}, or null. */
  String variable(String name) {
    return environment.apply(name);
  }

  String substitute(String text) throws MissingVariable {
    if (text.indexOf('$') < 0) {
      return text;
    }
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder result = new StringBuilder(text.length());
    while (matcher.find()) {
      String replacement;
      if (matcher.group(1) == null) {
        replacement = "${";
      } else {
        String value = environment.apply(matcher.group(1));
        if (value == null || (value.isEmpty() && matcher.group(2) != null)) {
          if (matcher.group(2) == null) {
            throw new MissingVariable(matcher.group(1));
          }
          value = matcher.group(2);
        }
        replacement = value;
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }
}
