package io.seqproxy.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer, when the application has it: every sequence's figures as meters (see
 * {@link SequenceMeters}) and every INSERT rewriter's ({@link RewriterMeters}); Spring Boot binds them to its registry, so they show in
 * {@code /actuator/metrics} and the Prometheus scrape. Micrometer's binder API is the same
 * under Boot 3 and 4.
 */
@AutoConfiguration
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
public class SeqProxyMetrics {

  @Bean
  @ConditionalOnMissingBean
  SequenceMeters seqProxySequenceMeters() {
    return new SequenceMeters();
  }

  @Bean
  @ConditionalOnMissingBean
  RewriterMeters seqProxyRewriterMeters() {
    return new RewriterMeters();
  }
}
