package io.seqproxy.spring;

import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.monitor.SequenceHealth;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot 4's health API (module {@code spring-boot-health}): the same indicator as
 * {@link SeqProxyHealth3}, whose Boot 3 classes Boot 4 no longer has.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.CompositeHealthContributor")
public class SeqProxyHealth4 {

  @Bean
  @ConditionalOnMissingBean(name = "seqproxyHealthContributor")
  CompositeHealthContributor seqproxyHealthContributor() {
    return new Sequences();
  }

  /** Read afresh on every request: sequences start with the first connection and stop with their engine. */
  static final class Sequences implements CompositeHealthContributor {
    @Override
    public HealthContributor getContributor(String name) {
      Sequence sequence = SequenceHealthView.byName().get(name);
      return sequence == null ? null : indicator(sequence);
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
      return SequenceHealthView.byName().entrySet().stream()
          .map(e -> new HealthContributors.Entry(e.getKey(), indicator(e.getValue())));
    }

    private static HealthContributor indicator(Sequence sequence) {
      return (HealthIndicator) () -> {
        SequenceHealth health = sequence.health();
        Health.Builder builder = health.up() ? Health.up() : Health.down().withDetail("reason", health.reason());
        return builder.withDetails(health.details()).build();
      };
    }
  }
}
