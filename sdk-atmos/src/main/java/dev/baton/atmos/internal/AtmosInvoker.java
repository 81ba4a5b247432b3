package dev.baton.atmos.internal;

import dev.baton.internal.redact.Redactor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs atmos with the deployer's settings: the binary, working directory, fixed environment (user
 * variables such as {@code ATMOS_PROFILE}, secret variables), global flags, timeouts, caps and
 * redaction. Per-call variables (the image, {@code PR_NUMBER}) are added on top; the image and
 * instance variables are always removed from the inherited environment first, so a value the CI
 * runner happens to export can never pick the workspace or the image. Immutable, thread-safe.
 */
public final class AtmosInvoker {
  private final String binary;
  private final Path directory;
  private final Map<String, String> environment;
  private final Set<String> unset;
  private final List<String> globalFlags;
  private final Duration timeout;
  private final Duration grace;
  private final long captureLimit;
  private final int tailLines;
  private final Redactor redactor;

  /**
   * @param binary the atmos program (a path, or a name looked up on PATH)
   * @param directory the working directory, or null for the JVM's
   * @param environment variables set for every call (secrets revealed)
   * @param unset inherited variables removed for every call
   * @param globalFlags flags added to every command, before any {@code --}
   * @param timeout how long one call may run
   * @param grace how long after SIGTERM before SIGKILL
   * @param captureLimit bytes of output kept per call
   * @param tailLines lines kept for error messages
   * @param redactor masks secrets
   */
  public AtmosInvoker(
      String binary,
      Path directory,
      Map<String, String> environment,
      Set<String> unset,
      List<String> globalFlags,
      Duration timeout,
      Duration grace,
      long captureLimit,
      int tailLines,
      Redactor redactor) {
    this.binary = binary;
    this.directory = directory;
    this.environment = Map.copyOf(environment);
    this.unset = Set.copyOf(unset);
    this.globalFlags = List.copyOf(globalFlags);
    this.timeout = timeout;
    this.grace = grace;
    this.captureLimit = captureLimit;
    this.tailLines = tailLines;
    this.redactor = redactor;
  }

  /**
   * @return the redactor for this deployer's secrets
   */
  public Redactor redactor() {
    return redactor;
  }

  /**
   * @return the per-call timeout
   */
  public Duration timeout() {
    return timeout;
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
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.addAll(args);
    command.addAll(globalFlags);
    if (!nativeArgs.isEmpty()) {
      command.add("--");
      command.addAll(nativeArgs);
    }
    Map<String, String> set = new LinkedHashMap<>(environment);
    set.putAll(variables);
    String description =
        "atmos "
            + String.join(" ", command.subList(1, command.size()))
            + (context.isEmpty() ? "" : " " + context);
    return ProcessRunner.run(
        new ProcessRunner.Spec(
            command,
            directory,
            set,
            unset,
            timeout,
            grace,
            captureLimit,
            tailLines,
            redactor,
            description),
        listener);
  }
}
