package io.seqproxy.sequence.monitor;

/**
 * Every figure a sequence reports, with the name Micrometer publishes it under and the attribute
 * of its JMX MBean. A range sequence reports the common and the range figures, a Snowflake
 * sequence the common and the Snowflake ones; {@code Sequence.metrics()} says which.
 *
 * <p>Counters only grow for the life of the sequence object; gauges are read when asked for.
 * Times are in seconds. A gauge that cannot be known yet (no rate observed, no {@code max}) is
 * {@code NaN}.
 */
public enum SequenceMetric {
  // Common to both engines.
  IDS_ISSUED("seqproxy.ids.issued", Kind.COUNTER, null, null, "IdsIssued",
      "IDs this process has issued from the sequence"),
  FAILURES_UNAVAILABLE("seqproxy.failures", Kind.COUNTER, null, "unavailable", "FailuresUnavailable",
      "next() refused because the store could not be reached with nothing reserved left, or the worker lease was not valid"),
  FAILURES_EXHAUSTED("seqproxy.failures", Kind.COUNTER, null, "exhausted", "FailuresExhausted",
      "next() refused because the sequence reached its max or the Snowflake layout its end of time"),

  // Range allocation (type: segment).
  RESERVATIONS("seqproxy.range.reservations", Kind.COUNTER, null, null, "Reservations",
      "ranges reserved from the store"),
  RESERVATION_SECONDS("seqproxy.range.reservation.time", Kind.COUNTER, "seconds", null, "ReservationSeconds",
      "time spent reserving ranges, all reservations together"),
  RESERVATION_LAST_SECONDS("seqproxy.range.reservation.last", Kind.GAUGE, "seconds", null, "LastReservationSeconds",
      "how long the latest reservation took"),
  FAILURES_STORE("seqproxy.failures", Kind.COUNTER, null, "store", "FailuresStore",
      "reservation attempts the store failed (each retry counts)"),
  VALUES_LEFT_CURRENT("seqproxy.range.values.left", Kind.GAUGE, null, "current", "ValuesLeftCurrent",
      "values not yet issued in the range being issued from"),
  VALUES_LEFT_PREFETCHED("seqproxy.range.values.left", Kind.GAUGE, null, "prefetched", "ValuesLeftPrefetched",
      "values in the range reserved ahead, 0 when none is"),
  SECONDS_UNTIL_EMPTY("seqproxy.range.time.left", Kind.GAUGE, "seconds", null, "SecondsUntilEmpty",
      "projected time until the reserved values run out at the current rate"),
  SECONDS_UNTIL_MAX("seqproxy.range.max.time.left", Kind.GAUGE, "seconds", null, "SecondsUntilMax",
      "projected time until the sequence reaches its max at the current rate"),
  STORE_WAITS("seqproxy.range.store.waits", Kind.COUNTER, null, null, "StoreWaits",
      "calls to next() that waited for the store because the reserved values ran out"),
  STORE_WAIT_SECONDS("seqproxy.range.store.wait.time", Kind.COUNTER, "seconds", null, "StoreWaitSeconds",
      "time next() spent waiting for the store, all waits together"),
  RANGE_SIZE("seqproxy.range.size", Kind.GAUGE, null, null, "RangeSize",
      "the size asked for in the latest reservation (adapts between range and max-range)"),

  // Snowflake.
  WORKER_ID("seqproxy.snowflake.worker.id", Kind.GAUGE, null, null, "WorkerId",
      "the worker id of the current lease"),
  LEASE_VALID("seqproxy.snowflake.lease.valid", Kind.GAUGE, null, null, "LeaseValid",
      "1 while the worker lease is valid, 0 while it is not"),
  LEASE_RENEWALS("seqproxy.snowflake.lease.renewals", Kind.COUNTER, null, null, "LeaseRenewals",
      "renewals of the worker lease in its store (0 for a fixed or ZooKeeper-session lease)"),
  LEASE_RENEWAL_SECONDS("seqproxy.snowflake.lease.renewal.time", Kind.COUNTER, "seconds", null, "LeaseRenewalSeconds",
      "time spent renewing the worker lease, all renewals together"),
  LEASE_REPLACEMENTS("seqproxy.snowflake.lease.replacements", Kind.COUNTER, null, null, "LeaseReplacements",
      "lost worker leases replaced by a new lease"),
  CLOCK_BACK_WAITS("seqproxy.snowflake.clock.back.waits", Kind.COUNTER, null, null, "ClockBackWaits",
      "waits for the clock to catch up after it moved backwards within the tolerance"),
  TICKS_EXHAUSTED("seqproxy.snowflake.ticks.exhausted", Kind.COUNTER, null, null, "TicksExhausted",
      "waits for the next tick because a tick's counter was used up"),
  FAILURES_CLOCK("seqproxy.failures", Kind.COUNTER, null, "clock", "FailuresClock",
      "next() refused because the clock moved backwards beyond the tolerance"),
  SECONDS_UNTIL_END_OF_TIME("seqproxy.snowflake.layout.time.left", Kind.GAUGE, "seconds", null, "SecondsUntilEndOfTime",
      "time until the layout's timestamp bits run out");

  /** How a meter registry should treat the figure. */
  public enum Kind { COUNTER, GAUGE }

  private final String meterName;
  private final Kind kind;
  private final String baseUnit;
  private final String kindTag;
  private final String attribute;
  private final String description;

  SequenceMetric(String meterName, Kind kind, String baseUnit, String tag, String attribute, String description) {
    this.meterName = meterName;
    this.kind = kind;
    this.baseUnit = baseUnit;
    this.kindTag = tag;
    this.attribute = attribute;
    this.description = description;
  }

  /** The Micrometer meter name; metrics sharing a name differ by {@link #tagKey()}. */
  public String meterName() {
    return meterName;
  }

  public Kind kind() {
    return kind;
  }

  /** Micrometer's base unit, or null. */
  public String baseUnit() {
    return baseUnit;
  }

  /** The tag that tells metrics of one name apart: {@code kind} for failures, {@code range} for values left; null when alone. */
  public String tagKey() {
    if (kindTag == null) {
      return null;
    }
    return this == VALUES_LEFT_CURRENT || this == VALUES_LEFT_PREFETCHED ? "range" : "kind";
  }

  /** The value of {@link #tagKey()}, or null. */
  public String tagValue() {
    return kindTag;
  }

  /** The attribute name on the sequence's MBean. */
  public String attribute() {
    return attribute;
  }

  public String description() {
    return description;
  }

  /** Whether the value is a whole number (a count or an id) rather than seconds. */
  public boolean integral() {
    return !"seconds".equals(baseUnit);
  }
}
