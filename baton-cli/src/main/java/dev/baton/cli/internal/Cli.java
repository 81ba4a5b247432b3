package dev.baton.cli.internal;

import dev.baton.BatonException;
import dev.baton.LeaseLostException;
import dev.baton.OlderCommitException;
import dev.baton.OperationTimeoutException;
import dev.baton.StaleWriteException;
import dev.baton.SupersededException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code baton} command line, on picocli: the subcommands, and what becomes of what they throw.
 *
 * <ul>
 *   <li>0: success
 *   <li>1: failure or refusal ({@link BatonException} and anything unexpected), with the hint
 *   <li>2: bad usage (picocli's parse errors and the commands' {@link ParameterException}s), naming
 *       the option or argument
 *   <li>124: {@code baton run} did not finish within its time limit ({@link RunDeadline})
 *   <li>130 or 143: stopped by SIGINT or SIGTERM ({@link ShutdownGuard}, installed by {@code
 *       Baton.main})
 * </ul>
 */
public final class Cli {
  /** Success. */
  public static final int OK = 0;

  /** A step failed or was refused. */
  public static final int FAILURE = 1;

  /** The command line is wrong. */
  public static final int USAGE = 2;

  /**
   * {@code baton run} did not finish within its time limit; 124, as coreutils' {@code timeout}
   * exits.
   */
  public static final int TIMED_OUT = 124;

  /** The commands that print the others' help or completions, so need them all. */
  private static final Set<String> DESCRIBE_THE_OTHERS = Set.of("help", "generate-completion");

  /** How the pipeline's message for a lease not obtained in time starts. */
  private static final String LEASE_TIMEOUT = "did not obtain the lease";

  /** The command line. */
  public Cli() {}

  /**
   * @param args the whole command line
   * @param ctx where to print and what to use
   * @return the exit status
   */
  public int run(List<String> args, Context ctx) {
    Map<String, Supplier<Object>> commands = subcommands(ctx);
    String first = args.isEmpty() ? "" : args.get(0);
    // Picocli reads every command's annotations when the command is added, about 40 ms for all
    // of them at start-up: a command line that starts with a command's name gets that command
    // alone. Anything else (an option, a misspelt name) gets all, for the command list and
    // picocli's suggestions, and so do the two commands that describe the others.
    CommandLine cl =
        commands.containsKey(first) && !DESCRIBE_THE_OTHERS.contains(first)
            ? commandLine(ctx, Map.of(first, commands.get(first)))
            : commandLine(ctx, commands);
    try {
      return cl.execute(args.toArray(String[]::new));
    } finally {
      cl.getOut().flush();
      cl.getErr().flush();
      ctx.out().flush();
      ctx.err().flush();
    }
  }

  /**
   * @param ctx where to print and what to use
   * @return {@code baton} with every subcommand, printing to the context's streams
   */
  public static CommandLine commandLine(Context ctx) {
    return commandLine(ctx, subcommands(ctx));
  }

  /**
   * Every subcommand by its name, in the order {@code baton --help} lists them, each made only when
   * added.
   */
  private static Map<String, Supplier<Object>> subcommands(Context ctx) {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("demo", () -> new DemoCommand(ctx));
    commands.put("plan", () -> new PlanCommand.ForPlan(ctx));
    commands.put("run", () -> new PlanCommand.ForRun(ctx));
    commands.put("promote", () -> new PromoteCommand(ctx));
    commands.put("deploy", () -> new DeployCommand(ctx));
    commands.put("destroy", () -> new DestroyCommand(ctx));
    commands.put("rollback", () -> new RollbackCommand(ctx));
    commands.put("status", () -> new StatusCommand(ctx));
    commands.put("sweep", () -> new SweepCommand(ctx));
    commands.put("quarantine", () -> new QuarantineCommand(ctx));
    commands.put(
        "coordination",
        () ->
            new CommandLine(new CoordinationCommand())
                .addSubcommand(new CoordinationCommand.Init(ctx)));
    commands.put("help", CommandLine.HelpCommand::new);
    commands.put("generate-completion", AutoComplete.GenerateCompletion::new);
    return commands;
  }

  private static CommandLine commandLine(Context ctx, Map<String, Supplier<Object>> commands) {
    CommandLine cl = new CommandLine(new Root());
    commands.forEach((name, command) -> cl.addSubcommand(name, command.get()));
    IVersionProvider version = () -> versionLines(ctx);
    eachCommand(
        cl,
        c -> {
          c.getCommandSpec().versionProvider(version);
          // A command's header is its line in baton's command list; its own help starts at Usage.
          List<String> sections = new ArrayList<>(c.getHelpSectionKeys());
          sections.removeAll(
              List.of(
                  CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER_HEADING,
                  CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER));
          c.setHelpSectionKeys(sections);
        });
    cl.setOut(new PrintWriter(ctx.out(), true));
    cl.setErr(new PrintWriter(ctx.err(), true));
    cl.setParameterExceptionHandler((e, args) -> usageError(e, ctx));
    cl.setExecutionExceptionHandler((e, command, parsed) -> failure(e, command, ctx));
    return cl;
  }

  private static void eachCommand(CommandLine cl, Consumer<CommandLine> action) {
    action.accept(cl);
    cl.getSubcommands().values().forEach(sub -> eachCommand(sub, action));
  }

  private static String[] versionLines(Context ctx) {
    List<String> inventory = ctx.providers().inventory();
    String[] lines = new String[inventory.size() + 2];
    lines[0] = "baton " + version();
    lines[1] = "providers in this build:";
    for (int i = 0; i < inventory.size(); i++) {
      // Version lines are format strings.
      lines[i + 2] = inventory.get(i).replace("%", "%%");
    }
    return lines;
  }

  private static int usageError(ParameterException e, Context ctx) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    PrintWriter err = command.getErr();
    String message = e.getMessage();
    if (e instanceof UnmatchedArgumentException u
        && command.getParent() == null
        && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      message = "unknown command \"" + u.getUnmatched().get(0) + "\"";
    }
    err.println(ConsoleText.lines(ctx.redact(name + ": " + message)));
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run '" + name + " --help' for usage.");
    return USAGE;
  }

  private static int failure(Exception e, CommandLine command, Context ctx) {
    String name = command.getCommandSpec().qualifiedName();
    PrintWriter err = command.getErr();
    if (e instanceof BatonException b) {
      String what = refusal(b).map(r -> "refused (" + r + ")").orElse("error");
      err.println(
          ConsoleText.lines(ctx.redact(name + ": " + what + ": " + CliWords.of(b.getMessage()))));
      if (!b.hint().isEmpty()) {
        err.println(ConsoleText.lines(ctx.redact("hint: " + CliWords.of(b.hint()))));
      }
      return b instanceof RunDeadline.RunTimeoutException ? TIMED_OUT : FAILURE;
    }
    err.println(ConsoleText.lines(ctx.redact(name + ": unexpected error: " + e)));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      err.println(ConsoleText.lines(ctx.redact("  caused by: " + c)));
    }
    return FAILURE;
  }

  /**
   * Why a write was refused, when it was: a deploy of an older commit, a run that gave way to a
   * newer one, a lease not obtained in time, or a write another run made stale.
   */
  static Optional<String> refusal(BatonException e) {
    if (e instanceof OlderCommitException) {
      return Optional.of("older commit");
    }
    if (e instanceof SupersededException) {
      return Optional.of("superseded by a newer commit");
    }
    if (e instanceof LeaseLostException) {
      return Optional.of("lease lost");
    }
    if (e instanceof StaleWriteException) {
      return Optional.of("stale write");
    }
    if (e instanceof OperationTimeoutException && e.getMessage().startsWith(LEASE_TIMEOUT)) {
      return Optional.of("lease not obtained before the deadline");
    }
    return Optional.empty();
  }

  private static String version() {
    String v = Cli.class.getPackage().getImplementationVersion();
    return v == null ? "(development build)" : v;
  }

  /** {@code baton} itself: with no command, its usage on standard error and status 2. */
  @Command(
      name = "baton",
      mixinStandardHelpOptions = true,
      synopsisSubcommandLabel = "COMMAND",
      description = {
        "Build once, promote many: one image per commit, identified by its digest, deployed"
            + " unchanged from preview to prod.",
        "",
        "Run 'baton COMMAND --help' for a command's options, 'baton --version' for the"
            + " providers in this build. Arguments may come from files: @FILE reads one"
            + " argument per line.",
        "",
        "On SIGTERM or SIGINT the running step is stopped (an atmos process tree gets"
            + " SIGTERM, then SIGKILL after atmos.grace-period), its failure is recorded in the"
            + " ledger and the step summary written, waited for at most BATON_SHUTDOWN_TIMEOUT"
            + " (default 30s)."
      },
      optionListHeading = "%nOptions:%n",
      commandListHeading = "%nCommands:%n",
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {
        "0:success",
        "1:failure or refusal (the error's hint is printed)",
        "2:bad usage (the message names the option or argument)",
        "124:'baton run' did not finish within its time limit (--timeout, run-timeout), after"
            + " the running step was stopped and its failure recorded",
        "130:stopped by SIGINT (Ctrl-C), after the running step was stopped and its failure"
            + " recorded",
        "143:stopped by SIGTERM, the same way"
      })
  static final class Root implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getErr());
      return USAGE;
    }
  }
}
