package io.seqproxy.spring;

import io.seqproxy.sequence.Sequence;
import io.seqproxy.sequence.monitor.SequenceHealth;
import java.util.Iterator;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot 3's Actuator: {@code /actuator/health/seqproxy} with one component per running
 * sequence, UP or DOWN with the reason. Boot 4 moved the health API; see {@link SeqProxyHealth4}.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.CompositeHealthContributor")
public class SeqProxyHealth3 {

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
    public Iterator<NamedContributor<HealthContributor>> iterator() {
      return SequenceHealthView.byName().entrySet().stream()
          .map(e -> NamedContributor.of(e.getKey(), indicator(e.getValue()))).iterator();
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
