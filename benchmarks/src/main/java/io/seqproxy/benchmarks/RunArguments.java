package io.seqproxy.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The arguments of a harness that runs {@link ComparisonBenchmark}'s workloads itself: databases
 * ({@code H2}, {@code MARIADB}, {@code POSTGRESQL}, any case), workloads named as the benchmark's
 * methods, and {@code name=value} settings, in any order. No database means H2; no workload,
 * every workload the harness knows.
 */
record RunArguments(List<Database> databases, List<String> workloads, Map<String, String> settings) {

  static RunArguments parse(String[] args, List<String> knownWorkloads) {
    List<Database> databases = new ArrayList<>();
    List<String> workloads = new ArrayList<>();
    Map<String, String> settings = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (equals > 0) {
        settings.put(arg.substring(0, equals), arg.substring(equals + 1));
      } else if (knownWorkloads.contains(arg)) {
        workloads.add(arg);
      } else {
        databases.add(database(arg, knownWorkloads));
      }
    }
    return new RunArguments(databases.isEmpty() ? List.of(Database.H2) : databases,
        workloads.isEmpty() ? knownWorkloads : workloads, settings);
  }

  private static Database database(String arg, List<String> knownWorkloads) {
    try {
      return Database.valueOf(arg.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + arg + "' is neither a database " + Arrays.toString(Database.values())
          + " nor a workload " + knownWorkloads + " nor a setting name=value");
    }
  }

  int setting(String name, int otherwise) {
    String value = settings.get(name);
    try {
      return value == null ? otherwise : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + value + ": give a whole number");
    }
  }
}
