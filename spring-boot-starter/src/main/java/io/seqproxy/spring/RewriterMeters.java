package io.seqproxy.spring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.seqproxy.jdbc.MonitoredRewriters;
import io.seqproxy.jdbc.RewriterMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Publishes the figures of every running INSERT rewriter ({@link RewriterMXBean}) to a Micrometer
 * registry, tagged {@code source=<configuration>} and {@code dialect=<dialect>}, read when the
 * registry asks. Rewriters that start later (the first connection builds them) are added when
 * they start, and removed when their engine closes.
 */
public final class RewriterMeters extends RegisteredMeters<MonitoredRewriters.Entry> {

  public RewriterMeters() {
    super(MonitoredRewriters::addListener, MonitoredRewriters::removeListener);
  }

  @Override
  List<Meter> meters(MonitoredRewriters.Entry entry, MeterRegistry registry) {
    Tags tags = Tags.of("source", entry.source(), "dialect", entry.dialect());
    RewriterMXBean f = entry.figures();
    List<Meter> added = new ArrayList<>();
    added.add(gauge(registry, "seqproxy.rewriter.verdicts.cached", f, RewriterMXBean::getVerdictsCached, tags, null,
        "SQL strings whose verdict is cached now"));
    added.add(gauge(registry, "seqproxy.rewriter.shapes.cached", f, RewriterMXBean::getShapesCached, tags, null,
        "statement shapes whose plan is cached now"));
    added.add(counter(registry, "seqproxy.rewriter.plannings", f, RewriterMXBean::getPlannings, tags, null,
        "shapes the rewriter planned: cache misses of INSERTs into mapped tables"));
    added.add(counter(registry, "seqproxy.rewriter.insert.selects", f, RewriterMXBean::getInsertSelectsPlanned, tags, null,
        "INSERT ... SELECT statements planned to run as their query and then INSERTs"));
    added.add(counter(registry, "seqproxy.rewriter.planning.time", f, r -> r.getPlanningMillisTotal() / 1000, tags, "seconds",
        "time spent planning, all plannings together"));
    added.add(gauge(registry, "seqproxy.rewriter.planning.time.max", f, r -> r.getPlanningMillisMax() / 1000, tags, "seconds",
        "the longest planning"));
    added.add(counter(registry, "seqproxy.rewriter.refusals", f, RewriterMXBean::getRefusedPlanningBound,
        tags.and("reason", "planning-bound"), null, "statements refused because planning exceeded its bound"));
    added.add(counter(registry, "seqproxy.rewriter.refusals", f, RewriterMXBean::getRefusedUnsupported,
        tags.and("reason", "unsupported"), null, "statements refused as a form seqproxy does not fill"));
    added.add(counter(registry, "seqproxy.rewriter.refusals", f, RewriterMXBean::getRefusedInvalid,
        tags.and("reason", "invalid"), null, "statements refused as unreadable or breaking explicit: reject"));
    return added;
  }

  private static Meter counter(MeterRegistry registry, String name, RewriterMXBean figures, ToDoubleFunction<RewriterMXBean> value, Tags tags,
      String unit, String description) {
    return FunctionCounter.builder(name, figures, value).tags(tags).baseUnit(unit).description(description)
        .register(registry);
  }

  private static Meter gauge(MeterRegistry registry, String name, RewriterMXBean figures, ToDoubleFunction<RewriterMXBean> value, Tags tags,
      String unit, String description) {
    return Gauge.builder(name, figures, value).tags(tags).baseUnit(unit).description(description).register(registry);
  }
}
