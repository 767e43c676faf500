package io.seqproxy.cli;

import picocli.CommandLine.Mixin;

/** The options of the commands that reach the stores: the configuration and the application's database. */
final class StoreOptions {
  @Mixin
  ConfigOption config;

  @Mixin
  DatabaseOptions database;
}
