package dev.baton.atmos.internal;

import dev.baton.internal.redact.Redactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs atmos with the deployer's settings: the binary, working directory, fixed environment (user
 * variables such as {@code ATMOS_PROFILE}, secret variables), global flags, timeouts, caps and
 * redaction. Per-call variables (the image, {@code PR_NUMBER}) are added on top; the image and
 * instance variables are always removed from the inherited environment first, so a value the CI
 * runner happens to export can never pick the workspace or the image. Immutable, thread-safe.
 */
public final class AtmosInvoker {
  private final ProcessRunner.Spec program;
  private final List<String> globalFlags;

  /**
   * @param program atmos itself (the command line's first element, a path or a name looked up on
   *     PATH) with what holds for every call: working directory, variables set (secrets revealed)
   *     and removed, timeout and grace, output caps and redactor
   * @param globalFlags flags added to every command, before any {@code --}
   */
  public AtmosInvoker(ProcessRunner.Spec program, List<String> globalFlags) {
    this.program = program;
    this.globalFlags = List.copyOf(globalFlags);
  }

  /**
   * @return the redactor for this deployer's secrets
   */
  public Redactor redactor() {
    return program.redactor();
  }

  /**
   * @return the per-call timeout
   */
  public Duration timeout() {
    return program.timeout();
  }

  /**
   * Runs {@code atmos <args> <global flags> [-- <nativeArgs>]}.
   *
   * @param args subcommand, component and {@code -s stack} and command-specific flags
   * @param nativeArgs arguments after {@code --} for Terraform itself; empty for none
   * @param variables per-call variables, set last
   * @param context what the call is for, appended to messages (e.g. "for preview#42")
   * @param listener receives each line
   * @return the result
   */
  public ProcessRunner.Result run(
      List<String> args,
      List<String> nativeArgs,
      Map<String, String> variables,
      String context,
      ProcessRunner.LineListener listener) {
    List<String> command = new ArrayList<>(program.command());
    command.addAll(args);
    command.addAll(globalFlags);
    if (!nativeArgs.isEmpty()) {
      command.add("--");
      command.addAll(nativeArgs);
    }
    String description =
        "atmos "
            + String.join(" ", command.subList(1, command.size()))
            + (context.isEmpty() ? "" : " " + context);
    return ProcessRunner.run(program.call(command, variables, description), listener);
  }
}
