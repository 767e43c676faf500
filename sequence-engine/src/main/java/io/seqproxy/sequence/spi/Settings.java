package io.seqproxy.sequence.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of a store's settings map, with errors that name the key and what was expected.
 * Durations are written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, ISO-8601
 * ({@code PT30S}) or a bare number of milliseconds.
 */
public final class Settings {
  private final String section;
  private final Map<String, Object> values;

  /**
   * @param section where the settings come from, e.g. {@code stores.jdbc}, for messages
   */
  public Settings(String section, Map<String, Object> values) {
    this.section = section;
    this.values = values == null ? Map.of() : values;
  }

  /** Throws naming every key that is not in {@code known}. */
  public void requireOnly(Set<String> known) {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(section + ": unknown key" + (unknown.size() > 1 ? "s " : " ")
          + String.join(", ", unknown) + "; expected one of " + String.join(", ", new TreeSet<>(known)));
    }
  }

  public String string(String key, String fallback) {
    Object value = values.get(key);
    return value == null ? fallback : value.toString();
  }

  public String requiredString(String key) {
    String value = string(key, null);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(section + "." + key + " is required");
    }
    return value;
  }

  public long number(String key, long fallback, long min, long max) {
    Object value = values.get(key);
    if (value == null) {
      return fallback;
    }
    long parsed;
    try {
      parsed = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(section + "." + key + ": expected a whole number, got '" + value + "'");
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException(section + "." + key + ": expected a number from " + min + " to " + max
          + ", got " + parsed);
    }
    return parsed;
  }

  public Duration duration(String key, Duration fallback) {
    Object value = values.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return parseDuration(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(section + "." + key + ": " + e.getMessage());
    }
  }

  /** Parses a duration as described in the class comment. */
  public static Duration parseDuration(Object value) {
    if (value instanceof Number n) {
      return checkPositive(Duration.ofMillis(n.longValue()), value);
    }
    String text = value.toString().trim().toLowerCase(Locale.ROOT);
    try {
      if (text.startsWith("pt") || text.startsWith("p")) {
        return checkPositive(Duration.parse(text.toUpperCase(Locale.ROOT)), value);
      }
      int unitAt = 0;
      while (unitAt < text.length() && Character.isDigit(text.charAt(unitAt))) {
        unitAt++;
      }
      if (unitAt == 0) {
        throw new NumberFormatException();
      }
      long amount = Long.parseLong(text.substring(0, unitAt));
      Duration parsed = switch (text.substring(unitAt).trim()) {
        case "", "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m", "min" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> throw new NumberFormatException();
      };
      return checkPositive(parsed, value);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 5m, 1h or PT30S, got '"
          + value + "'");
    }
  }

  private static Duration checkPositive(Duration duration, Object value) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("expected a duration that is not negative, got '" + value + "'");
    }
    return duration;
  }
}
