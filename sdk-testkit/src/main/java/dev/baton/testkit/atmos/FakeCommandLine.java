package dev.baton.testkit.atmos;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The fake's reading of an atmos command line, following atmos's grammar: positionals ({@code
 * terraform deploy app}), atmos's own double-dash flags ({@code --stack}/{@code -s}, {@code
 * --skip-init}, {@code --format}, ...), Terraform's single-dash flags passed through ({@code
 * -auto-approve}, {@code -no-color}) and everything after {@code --} handed to Terraform untouched
 * ({@code -- -json}).
 */
final class FakeCommandLine {
  /**
   * Atmos's own flags that take a value (given as {@code --flag value} or {@code --flag=value}).
   */
  private static final Set<String> VALUE_FLAGS =
      Set.of(
          "--stack",
          "--format",
          "--query",
          "--identity",
          "--skip",
          "--planfile",
          "--logs-level",
          "--logs-file",
          "--file",
          "--output-file",
          "--base-path",
          "--config",
          "--profile");

  /** Atmos's own boolean flags ({@code --flag} or {@code --flag=true|false}). */
  private static final Set<String> BOOLEAN_FLAGS =
      Set.of(
          "--skip-init",
          "--provenance",
          "--deploy-run-init",
          "--dry-run",
          "--process-templates",
          "--process-functions",
          "--ci",
          "--from-plan",
          "--verify-plan",
          "--affected",
          "--all");

  final List<String> positionals = new ArrayList<>();
  final List<String> terraformFlags = new ArrayList<>();
  final List<String> nativeArgs = new ArrayList<>();
  String stack;
  String format;
  String query;
  boolean skipInit;
  boolean provenance = true;
  boolean autoApprove;
  boolean noColor;
  boolean dryRun;

  /** Thrown for a command line atmos itself would refuse; the message is atmos's error text. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static FakeCommandLine parse(String[] args) throws UsageException {
    FakeCommandLine c = new FakeCommandLine();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        for (int j = i + 1; j < args.length; j++) {
          c.nativeArgs.add(args[j]);
        }
        break;
      }
      if (a.equals("-s") || a.startsWith("-s=")) {
        c.stack = a.equals("-s") ? value(args, ++i, "s") : a.substring(3);
        continue;
      }
      if (a.startsWith("--")) {
        int eq = a.indexOf('=');
        String name = eq < 0 ? a : a.substring(0, eq);
        String inline = eq < 0 ? null : a.substring(eq + 1);
        if (VALUE_FLAGS.contains(name)) {
          c.apply(name, inline != null ? inline : value(args, ++i, name.substring(2)));
        } else if (BOOLEAN_FLAGS.contains(name)) {
          // A bare boolean flag is true; --flag=x is true only when x reads "true", in any case.
          c.apply(name, inline != null ? inline : "true");
        } else {
          throw new UsageException("unknown flag: " + name);
        }
        continue;
      }
      if (a.startsWith("-") && a.length() > 1) {
        // A single-dash flag is Terraform's: atmos passes it through.
        switch (a) {
          case "-auto-approve" -> c.autoApprove = true;
          case "-no-color" -> c.noColor = true;
          default -> c.terraformFlags.add(a);
        }
        continue;
      }
      c.positionals.add(a);
    }
    for (String n : c.nativeArgs) {
      if (n.equals("-no-color")) {
        c.noColor = true;
      }
    }
    return c;
  }

  private static String value(String[] args, int i, String flag) throws UsageException {
    if (i >= args.length) {
      throw new UsageException(
          "flag needs an argument: "
              + (flag.length() == 1 ? "'" + flag + "' in -" + flag : "--" + flag));
    }
    return args[i];
  }

  /** Records the flags the fake acts on; it accepts and ignores the others, as atmos would. */
  private void apply(String name, String v) {
    switch (name) {
      case "--stack" -> stack = v;
      case "--format" -> format = v;
      case "--query" -> query = v;
      case "--skip-init" -> skipInit = Boolean.parseBoolean(v);
      case "--provenance" -> provenance = Boolean.parseBoolean(v);
      case "--dry-run" -> dryRun = Boolean.parseBoolean(v);
      default -> {}
    }
  }

  Optional<String> positional(int index) {
    return index < positionals.size() ? Optional.of(positionals.get(index)) : Optional.empty();
  }
}
