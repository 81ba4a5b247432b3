package dev.baton.cli.internal;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * One {@code baton} subcommand: a picocli command run with a {@link Context} and an {@link Owned}
 * that closes what the command created when it ends. A bad command line found after parsing is a
 * {@link ParameterException} ({@link #usage}), which {@link Cli} turns into exit status 2 like
 * picocli's own.
 */
abstract class CliCommand implements Callable<Integer> {
  /** Set by picocli. */
  @Spec CommandSpec spec;

  final Context ctx;

  CliCommand(Context ctx) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
  }

  /** Runs the command, then closes what it created. */
  @Override
  public final Integer call() {
    try (Owned owned = new Owned()) {
      return call(owned);
    }
  }

  /**
   * The command itself.
   *
   * @param owned where to register what it creates, so that it is closed when the command ends
   * @return the exit status
   */
  abstract Integer call(Owned owned);

  /**
   * @param message what is wrong, naming the option or argument
   * @return the usage error to throw
   */
  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /**
   * Parses an option's or argument's value, turning a bad value into a usage error that names it.
   *
   * @param what the option or argument, e.g. {@code --registry} or {@code SOURCE}
   * @param value the text given
   * @param parser e.g. {@code ImageReference::parse}; its IllegalArgumentException says why
   * @param <T> the parsed type
   * @return the parsed value
   */
  <T> T parse(String what, String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), what + ": " + e.getMessage(), e);
    }
  }
}
