package dev.baton.cli.internal;

import java.util.List;

/** One {@code baton} subcommand. */
public interface Command {
  /** The name typed after {@code baton}, e.g. {@code plan}. */
  String name();

  /** One line for the command list. */
  String summary();

  /** The full {@code --help} text: usage line, options, exit status. */
  String help();

  /**
   * Runs the command. {@code --help} is handled here too.
   *
   * @param args the arguments after the command name
   * @param ctx where to print and what to use
   * @return the exit status: 0 success, 1 failure
   * @throws UsageException for a bad command line (exit status 2)
   * @throws dev.baton.BatonException for a failure (exit status 1, its hint printed)
   */
  int run(List<String> args, Context ctx);
}
