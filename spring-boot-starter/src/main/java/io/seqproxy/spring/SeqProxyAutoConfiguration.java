package io.seqproxy.spring;

import io.seqproxy.jdbc.SeqProxyDataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * With {@code seqproxy.config} set, every {@code DataSource} bean is wrapped in a
 * {@link SeqProxyDataSource} built from that file, so the application keeps its
 * {@code jdbc:mysql://…} URL, its pool and its settings. Data sources whose URL already is
 * {@code jdbc:seqproxy:} are left alone: {@link SeqProxyEnvironment} set their driver class.
 */
@AutoConfiguration
@ConditionalOnClass(SeqProxyDataSource.class)
public class SeqProxyAutoConfiguration {

  /** Static: a post-processor must exist before the beans it processes. */
  @Bean
  @ConditionalOnProperty(name = "seqproxy.config")
  @ConditionalOnProperty(name = "seqproxy.wrap-data-sources", havingValue = "true", matchIfMissing = true)
  static DataSourceWrapping seqProxyDataSourceWrapping(Environment environment) {
    return new DataSourceWrapping(environment.getRequiredProperty("seqproxy.config"));
  }
}
