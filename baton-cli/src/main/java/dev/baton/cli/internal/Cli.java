package dev.baton.cli.internal;

import dev.baton.BatonException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code baton} command line: picks the subcommand and turns what it throws into the exit
 * status and the message on standard error, with the error's hint.
 *
 * <ul>
 *   <li>0: success
 *   <li>1: failure ({@link BatonException} and anything unexpected), with the hint
 *   <li>2: bad usage ({@link UsageException}), naming the bad argument
 * </ul>
 */
public final class Cli {
  /** Success. */
  public static final int OK = 0;
  /** A step failed. */
  public static final int FAILURE = 1;
  /** The command line is wrong. */
  public static final int USAGE = 2;

  private final Map<String, Command> commands = new LinkedHashMap<>();

  /** The four commands. */
  public Cli() {
    for (Command c : List.of(new DemoCommand(), PlanCommand.forPlan(), PlanCommand.forRun(),
        new PromoteCommand())) {
      commands.put(c.name(), c);
    }
  }

  /**
   * @param args the whole command line
   * @param ctx where to print and what to use
   * @return the exit status
   */
  public int run(List<String> args, Context ctx) {
    if (args.isEmpty()) {
      ctx.err().print(usage());
      return USAGE;
    }
    String first = args.get(0);
    if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
      if (args.size() > 1 && commands.containsKey(args.get(1))) {
        ctx.out().print(commands.get(args.get(1)).help());
      } else {
        ctx.out().print(usage());
      }
      return OK;
    }
    if (first.equals("--version")) {
      ctx.out().println("baton " + version());
      ctx.out().println("providers in this build:");
      ctx.providers().inventory().forEach(ctx.out()::println);
      return OK;
    }
    Command command = commands.get(first);
    if (command == null) {
      ctx.err().println("baton: unknown command \"" + first + "\"");
      ctx.err().print(usage());
      return USAGE;
    }
    try {
      return command.run(args.subList(1, args.size()), ctx);
    } catch (UsageException e) {
      ctx.err().println(ctx.redact("baton " + command.name() + ": " + e.getMessage()));
      ctx.err().println("Run 'baton " + command.name() + " --help' for usage.");
      return USAGE;
    } catch (BatonException e) {
      ctx.err().println(ctx.redact("baton " + command.name() + ": error: " + e.getMessage()));
      if (!e.hint().isEmpty()) {
        ctx.err().println(ctx.redact("hint: " + e.hint()));
      }
      return FAILURE;
    } catch (RuntimeException e) {
      ctx.err().println(ctx.redact("baton " + command.name() + ": unexpected error: " + e));
      for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
        ctx.err().println(ctx.redact("  caused by: " + c));
      }
      return FAILURE;
    } finally {
      ctx.out().flush();
      ctx.err().flush();
    }
  }

  /** The top-level help. */
  public String usage() {
    StringBuilder b = new StringBuilder("""
        Usage: baton COMMAND [OPTIONS]

        Build once, promote many: one image per commit, identified by its digest, deployed
        unchanged from preview to prod.

        Commands:
        """);
    commands.values().forEach(c -> b.append(String.format("  %-9s %s%n", c.name(), c.summary())));
    b.append("""

        Run 'baton COMMAND --help' for a command's options, 'baton --version' for the providers
        in this build.
        Exit status: 0 success, 1 failure (the error's hint is printed), 2 bad usage.
        """);
    return b.toString();
  }

  private static String version() {
    String v = Cli.class.getPackage().getImplementationVersion();
    return v == null ? "(development build)" : v;
  }
}
