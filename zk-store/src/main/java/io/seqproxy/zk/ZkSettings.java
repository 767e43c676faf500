package io.seqproxy.zk;

import io.seqproxy.sequence.spi.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.common.PathUtils;

/**
 * The {@code stores: zookeeper:} section of the YAML, checked.
 *
 * <pre>{@code
 * stores:
 *   zookeeper:
 *     connect: 127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183   # required
 *     root: /seqproxy               # default /seqproxy
 *     session-timeout: 30s          # default 30s
 *     connection-timeout: 10s       # default 10s; also the bounded wait of a reservation
 *     retry: 100ms/3                # base sleep / max retries; or {base-sleep: 100ms, max-retries: 3}
 *     auth: seqproxy:${ZK_PASSWORD} # optional digest user:password; our nodes get an ACL
 *     worker-lease: 10s             # default 10s; how far ahead a worker-id lease is valid
 * }</pre>
 *
 * Durations are {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, ISO-8601 ({@code PT30S}), or
 * a bare number of milliseconds.
 *
 * @param auth {@code user:password}, or null; never shown by {@link #toString()}
 */
record ZkSettings(
    String connect,
    String root,
    Duration sessionTimeout,
    Duration connectionTimeout,
    Duration retryBaseSleep,
    int retryMaxRetries,
    String auth,
    Duration workerLease) {

  static final String CONNECT = "connect";
  static final String ROOT = "root";
  static final String SESSION_TIMEOUT = "session-timeout";
  static final String CONNECTION_TIMEOUT = "connection-timeout";
  static final String RETRY = "retry";
  static final String AUTH = "auth";
  static final String WORKER_LEASE = "worker-lease";
  static final Set<String> KEYS =
      Set.of(CONNECT, ROOT, SESSION_TIMEOUT, CONNECTION_TIMEOUT, RETRY, AUTH, WORKER_LEASE);

  private static final String PREFIX = "stores.zookeeper.";
  private static final Pattern RETRY_TEXT = Pattern.compile("([^/]+)/\\s*(\\d+)");

  static ZkSettings parse(Map<String, Object> settings) {
    for (String key : settings.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            PREFIX + key + " is not a ZooKeeper store setting; expected one of " + sortedKeys());
      }
    }
    Object connectValue = settings.get(CONNECT);
    if (!(connectValue instanceof String) || ((String) connectValue).isBlank()) {
      throw new IllegalArgumentException(
          PREFIX + CONNECT + " is required: the ZooKeeper connect string, e.g."
              + " 127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183");
    }
    String root = text(settings, ROOT, "/seqproxy");
    try {
      PathUtils.validatePath(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          PREFIX + ROOT + " must be an absolute ZooKeeper path such as /seqproxy, got '" + root
              + "': " + e.getMessage(), e);
    }
    if (root.equals("/")) {
      throw new IllegalArgumentException(
          PREFIX + ROOT + " must not be '/': seqproxy needs a node of its own, e.g. /seqproxy");
    }
    Duration sessionTimeout = duration(settings, SESSION_TIMEOUT, Duration.ofSeconds(30));
    Duration connectionTimeout = duration(settings, CONNECTION_TIMEOUT, Duration.ofSeconds(10));
    Duration workerLease = duration(settings, WORKER_LEASE, Duration.ofSeconds(10));
    Duration retryBaseSleep = Duration.ofMillis(100);
    int retryMaxRetries = 3;
    Object retry = settings.get(RETRY);
    if (retry instanceof Map<?, ?> map) {
      for (Object key : map.keySet()) {
        if (!"base-sleep".equals(key) && !"max-retries".equals(key)) {
          throw new IllegalArgumentException(
              PREFIX + RETRY + "." + key + " is unknown; expected base-sleep and max-retries");
        }
      }
      if (map.containsKey("base-sleep")) {
        retryBaseSleep = parseDuration(RETRY + ".base-sleep", map.get("base-sleep"));
      }
      if (map.containsKey("max-retries")) {
        retryMaxRetries = retries(map.get("max-retries"));
      }
    } else if (retry != null) {
      Matcher m = RETRY_TEXT.matcher(String.valueOf(retry).trim());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            PREFIX + RETRY + " must be '<base-sleep>/<max-retries>' such as 100ms/3, or a map with"
                + " base-sleep and max-retries; got '" + retry + "'");
      }
      retryBaseSleep = parseDuration(RETRY, m.group(1).trim());
      retryMaxRetries = retries(m.group(2));
    }
    String auth = null;
    if (settings.get(AUTH) != null) {
      auth = String.valueOf(settings.get(AUTH));
      int colon = auth.indexOf(':');
      if (colon <= 0 || colon == auth.length() - 1) {
        // The value is a secret: say what is wrong with it, never what it is.
        throw new IllegalArgumentException(
            PREFIX + AUTH + " must be a digest 'user:password' with both parts non-empty");
      }
    }
    if (sessionTimeout.isZero() || connectionTimeout.isZero() || workerLease.isZero()) {
      throw new IllegalArgumentException(
          PREFIX + SESSION_TIMEOUT + ", " + CONNECTION_TIMEOUT + " and " + WORKER_LEASE
              + " must be longer than zero");
    }
    return new ZkSettings(
        ((String) connectValue).trim(), root, sessionTimeout, connectionTimeout, retryBaseSleep,
        retryMaxRetries, auth, workerLease);
  }

  /** The digest user, for logs; the password never leaves this record. */
  String authUser() {
    return auth == null ? null : auth.substring(0, auth.indexOf(':'));
  }

  @Override
  public String toString() {
    return "ZkSettings[connect=" + connect + ", root=" + root + ", session-timeout="
        + sessionTimeout.toMillis() + "ms, connection-timeout=" + connectionTimeout.toMillis()
        + "ms, retry=" + retryBaseSleep.toMillis() + "ms/" + retryMaxRetries + ", auth="
        + (auth == null ? "none" : authUser() + ":***") + ", worker-lease="
        + workerLease.toMillis() + "ms]";
  }

  private static String text(Map<String, Object> settings, String key, String fallback) {
    Object value = settings.get(key);
    return value == null ? fallback : String.valueOf(value).trim();
  }

  private static Duration duration(Map<String, Object> settings, String key, Duration fallback) {
    Object value = settings.get(key);
    return value == null ? fallback : parseDuration(key, value);
  }

  /**
   * A duration as every store setting writes it ({@link Settings#parseDuration}: {@code 500ms},
   * {@code 30s}, {@code 2m}, {@code 1h}, {@code PT30S}, or a whole number of millis), with the
   * message naming this store's key.
   */
  static Duration parseDuration(String key, Object value) {
    boolean fraction = value instanceof Number number && number.doubleValue() != number.longValue();
    if (!fraction) {
      try {
        return Settings.parseDuration(value);
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        PREFIX + key + " must be a duration such as 500ms, 30s, 2m or PT30S (a bare number is"
            + " milliseconds); got '" + value + "'");
  }

  private static int retries(Object value) {
    try {
      int n = Integer.parseInt(String.valueOf(value).trim());
      if (n >= 0 && n <= 29) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        PREFIX + RETRY + " max-retries must be a whole number from 0 to 29; got '" + value + "'");
  }

  private static String sortedKeys() {
    return KEYS.stream().sorted().toList().toString();
  }
}
