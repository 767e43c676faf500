package io.seqproxy.jdbc.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code worker-id: ordinal}: the worker id is the ordinal of a Kubernetes StatefulSet pod, the
 * number its host name ends with ({@code orders-3} → 3). Stable across restarts of the pod and
 * unique among the set's pods, so no lease is needed — as long as each sequence's pods are one
 * StatefulSet.
 */
final class HostOrdinal {
  private static final Pattern ORDINAL = Pattern.compile(".*-(\\d{1,9})");

  private HostOrdinal() {}

  /** The host name: the {@code HOSTNAME} environment variable (a pod's name), else the local host's. */
  static String hostName(Function<String, String> environment) {
    String fromEnvironment = environment.apply("HOSTNAME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment.trim();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "";
    }
  }

  /**
   * The ordinal {@code hostName} ends with, checked against the layout's largest worker id.
   *
   * @throws IllegalArgumentException saying what the host name is and what was expected
   */
  static int ordinal(String hostName, int maxWorkerId, int workerBits) {
    String shortName = hostName.contains(".") ? hostName.substring(0, hostName.indexOf('.')) : hostName;
    Matcher m = ORDINAL.matcher(shortName);
    if (!m.matches()) {
      throw new IllegalArgumentException("worker-id: ordinal takes the number at the end of the host name, as a"
          + " StatefulSet pod is named (orders-3 -> 3), but the host name is '" + hostName + "'; set HOSTNAME,"
          + " or use worker-id: auto or a number");
    }
    long ordinal = Long.parseLong(m.group(1));
    if (ordinal > maxWorkerId) {
      throw new IllegalArgumentException("worker-id: ordinal: the host name '" + hostName + "' gives ordinal "
          + ordinal + ", outside the layout's 0.." + maxWorkerId + " (" + workerBits + " worker bits);"
          + " give the layout more worker bits or the StatefulSet fewer replicas");
    }
    return (int) ordinal;
  }
}
