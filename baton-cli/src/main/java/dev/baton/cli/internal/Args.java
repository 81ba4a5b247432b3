package dev.baton.cli.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A parsed command line: options ({@code --name value}, {@code --name=value} or a flag
 * {@code --name}) and positional arguments. {@code --} ends the options. Which options exist and
 * which take a value is declared up front, so an unknown or misused option is a
 * {@link UsageException} naming it. {@code --help} and {@code -h} are always known.
 *
 * <pre>{@code
 * Args a = Args.parse(args, Set.of("--event-name", "--event-path"), Set.of("--json"));
 * String name = a.required("--event-name");
 * }</pre>
 */
public final class Args {
  private final Map<String, String> values;
  private final List<String> positionals;

  private Args(Map<String, String> values, List<String> positionals) {
    this.values = values;
    this.positionals = positionals;
  }

  /**
   * @param args the arguments after the command name
   * @param valued options that take a value
   * @param flags options that take none
   * @return the parsed arguments
   * @throws UsageException naming an unknown option, a missing value, or a repeated option
   */
  public static Args parse(List<String> args, Set<String> valued, Set<String> flags) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> positionals = new ArrayList<>();
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
        positionals.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        optionsEnded = true;
        continue;
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (name.equals("-h") || name.equals("--help")) {
        name = "--help";
        if (value != null) {
          throw new UsageException("--help takes no value, got \"" + arg + "\"");
        }
        value = "true";
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException("option " + name + " needs a value");
          }
          value = args.get(++i);
        }
      } else if (flags.contains(name)) {
        if (value != null) {
          throw new UsageException("option " + name + " takes no value, got \"" + arg + "\"");
        }
        value = "true";
      } else {
        throw new UsageException("unknown option " + name);
      }
      if (values.putIfAbsent(name, value) != null && !name.equals("--help")) {
        throw new UsageException("option " + name + " is given twice");
      }
    }
    return new Args(values, List.copyOf(positionals));
  }

  /** Whether {@code --help} or {@code -h} was given. */
  public boolean help() {
    return values.containsKey("--help");
  }

  /**
   * @param flag a flag such as {@code --json}
   * @return whether it was given
   */
  public boolean flag(String flag) {
    return values.containsKey(flag);
  }

  /**
   * @param option an option such as {@code --config}
   * @return its value, when given
   */
  public Optional<String> option(String option) {
    return Optional.ofNullable(values.get(option));
  }

  /**
   * @param option an option that must be given
   * @return its value
   * @throws UsageException when it is missing
   */
  public String required(String option) {
    return option(option).orElseThrow(() -> new UsageException("option " + option
        + " is required"));
  }

  /**
   * Parses an option's value, turning a bad value into a usage error that names the option.
   *
   * @param option the option
   * @param parser e.g. {@code ImageReference::parse}; its IllegalArgumentException says why
   * @param <T> the parsed type
   * @return the parsed value, when the option was given
   */
  public <T> Optional<T> option(String option, Function<String, T> parser) {
    return option(option).map(v -> parseValue(option, v, parser));
  }

  /** The positional arguments, in order. */
  public List<String> positionals() {
    return positionals;
  }

  /**
   * Checks the number of positional arguments.
   *
   * @param names what each expected positional is, e.g. {@code SOURCE}, {@code TAG}
   * @throws UsageException naming the missing or the first extra argument
   */
  public void expectPositionals(String... names) {
    if (positionals.size() < names.length) {
      throw new UsageException("missing argument " + names[positionals.size()]);
    }
    if (positionals.size() > names.length) {
      throw new UsageException("unexpected argument \"" + positionals.get(names.length) + "\"");
    }
  }

  /**
   * @param what the argument's name for the message, e.g. {@code SOURCE} or {@code --registry}
   * @param value the text given
   * @param parser its IllegalArgumentException says why the value is bad
   * @param <T> the parsed type
   * @return the parsed value
   * @throws UsageException naming the argument, with the parser's reason
   */
  public static <T> T parseValue(String what, String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException(what + ": " + e.getMessage(), e);
    }
  }
}
