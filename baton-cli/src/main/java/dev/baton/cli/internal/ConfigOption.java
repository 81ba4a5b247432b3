package dev.baton.cli.internal;

import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config FILE}: the one declaration of the option every configured command takes. */
final class ConfigOption {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "the configuration (default: ./baton.yaml if present, else the seed's defaults, which"
              + " keep leases and the ledger in this process's memory)")
  String path;

  /** {@return the configuration the option names, or the default one} */
  BatonConfig load(Context ctx) {
    return ConfigLoader.forCommand(Optional.ofNullable(path), ctx);
  }
}
