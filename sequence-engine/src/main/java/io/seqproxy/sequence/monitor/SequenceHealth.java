package io.seqproxy.sequence.monitor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a sequence can issue now, and if not, why.
 *
 * @param up true when the next value can be issued (from what is reserved, or from the store)
 * @param reason why it cannot, null while it can
 * @param details what an operator looks at: values left, range size, lease state, worker id
 */
public record SequenceHealth(boolean up, String reason, Map<String, Object> details) {

  public SequenceHealth {
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    if (!up) {
      Objects.requireNonNull(reason, "a DOWN health needs its reason");
    }
  }

  public static SequenceHealth up(Map<String, Object> details) {
    return new SequenceHealth(true, null, details);
  }

  public static SequenceHealth down(String reason, Map<String, Object> details) {
    return new SequenceHealth(false, reason, details);
  }

  /** {@code UP} or {@code DOWN}, as Actuator spells it. */
  public String status() {
    return up ? "UP" : "DOWN";
  }
}
