package io.seqproxy.spring;

import io.seqproxy.jdbc.SeqProxyDataSource;
import io.seqproxy.jdbc.SharedEngine;
import io.seqproxy.jdbc.config.ConfigException;
import io.seqproxy.jdbc.config.ConfigLocation;
import io.seqproxy.jdbc.config.SeqProxyConfig;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;

/**
 * Wraps each {@code DataSource} bean in a {@link SeqProxyDataSource}, all of them on one engine
 * built from {@code seqproxy.config} ({@link SharedEngine}): sequences are process singletons, and
 * an engine per bean would issue the same IDs twice wherever a worker id is fixed. The
 * configuration is read (and its mistakes reported) when the first bean is created, the stores are
 * opened by the first connection of any of them. When Spring destroys a bean (it destroys the pool
 * it created, not the wrapper) its wrapper leaves the engine first; the last to leave closes it,
 * handing back range tails and worker leases while its pool still works.
 */
final class DataSourceWrapping implements DestructionAwareBeanPostProcessor {
  private static final Logger log = LoggerFactory.getLogger(DataSourceWrapping.class);

  private final String location;
  private final Map<Object, SeqProxyDataSource> wrappers = Collections.synchronizedMap(new IdentityHashMap<>());
  /** The engine of every wrapper, made with the first one. */
  private SharedEngine engine;

  DataSourceWrapping(String location) {
    this.location = location;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof DataSource dataSource) || bean instanceof SeqProxyDataSource
        || urlIsSeqProxys(bean)) {
      return bean;
    }
    SeqProxyDataSource wrapper = new SeqProxyDataSource(dataSource, engine(beanName));
    log.info("seqproxy: DataSource bean '{}' ({}) takes its IDs from {}", beanName,
        bean.getClass().getSimpleName(), location);
    wrappers.put(bean, wrapper);
    return wrapper;
  }

  private synchronized SharedEngine engine(String beanName) {
    if (engine == null) {
      SeqProxyConfig config;
      try {
        config = ConfigLocation.of(location, "the Spring property seqproxy.config").load();
      } catch (ConfigException e) {
        throw new BeanCreationException(beanName, "seqproxy could not read its configuration for DataSource bean '"
            + beanName + "': " + e.getMessage(), e);
      }
      engine = new SharedEngine(config);
    }
    return engine;
  }

  @Override
  public void postProcessBeforeDestruction(Object bean, String beanName) {
    SeqProxyDataSource wrapper = wrappers.remove(bean);
    if (wrapper != null) {
      wrapper.close();
    }
  }

  @Override
  public boolean requiresDestruction(Object bean) {
    return wrappers.containsKey(bean);
  }

  /** A pool configured with a {@code jdbc:seqproxy:} URL is seqproxy's already. */
  private static boolean urlIsSeqProxys(Object bean) {
    BeanWrapperImpl properties = new BeanWrapperImpl(bean);
    for (String name : new String[] {"jdbcUrl", "url"}) {
      if (properties.isReadableProperty(name)) {
        try {
          Object url = properties.getPropertyValue(name);
          if (url instanceof String s && s.startsWith("jdbc:seqproxy:")) {
            return true;
          }
        } catch (RuntimeException e) {
          // Not readable after all: wrap.
        }
      }
    }
    return false;
  }
}
