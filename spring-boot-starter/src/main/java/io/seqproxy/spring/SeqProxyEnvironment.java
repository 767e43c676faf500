package io.seqproxy.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * For applications that write {@code spring.datasource.url=jdbc:seqproxy:…}: sets
 * {@code spring.datasource.driver-class-name} to seqproxy's driver (Spring Boot would otherwise
 * pick the driver of the wrapped URL, e.g. {@code org.h2.Driver}, which refuses the URL), and
 * hands {@code seqproxy.config} to the driver as a connection property through Hikari. Nothing
 * the application set itself is overridden.
 */
public class SeqProxyEnvironment implements EnvironmentPostProcessor {
  static final String DRIVER = "io.seqproxy.jdbc.SeqProxyDriver";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    String url = environment.getProperty("spring.datasource.url");
    if (url == null || !url.startsWith("jdbc:seqproxy:")) {
      return;
    }
    Map<String, Object> added = new LinkedHashMap<>();
    if (!environment.containsProperty("spring.datasource.driver-class-name")) {
      added.put("spring.datasource.driver-class-name", DRIVER);
    }
    String config = environment.getProperty("seqproxy.config");
    String hikari = "spring.datasource.hikari.data-source-properties.seqproxy.config";
    if (config != null && !environment.containsProperty(hikari)) {
      added.put(hikari, config);
    }
    if (!added.isEmpty()) {
      environment.getPropertySources().addLast(new MapPropertySource("seqproxy", added));
    }
  }
}
