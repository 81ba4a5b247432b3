package dev.baton.cli.internal;

import dev.baton.github.internal.RuntimeEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the {@code baton} command line in this process, capturing what it prints. */
final class CliRunner {
  /** What one command did. @param exit the status @param out stdout @param err stderr */
  record Outcome(int exit, String out, String err) {
    /** The last non-empty line of stdout. */
    String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1].strip();
    }

    /**
     * Standard error without the {@code ::add-mask::} commands, which carry the secrets they ask
     * the runner to hide: the rest of the job log, where no secret may appear.
     */
    String errBesidesMasks() {
      return besidesMasks(err);
    }
  }

  /**
   * {@return the text without its {@code ::add-mask::} lines}: what a job log shows of a command's
   * standard error besides the masks, where no secret may appear.
   */
  static String besidesMasks(String text) {
    return text.lines()
        .filter(l -> !l.startsWith("::add-mask::"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  private final Map<String, String> env;
  private final Providers providers;
  private final Path workingDir;

  CliRunner(Map<String, String> env, Providers providers, Path workingDir) {
    this.env = env;
    this.providers = providers;
    this.workingDir = workingDir;
  }

  static CliRunner in(Path workingDir) {
    return new CliRunner(Map.of(), new Providers(), workingDir);
  }

  CliRunner env(Map<String, String> variables) {
    return new CliRunner(variables, providers, workingDir);
  }

  CliRunner providers(Providers p) {
    return new CliRunner(env, p, workingDir);
  }

  Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      Context ctx = new Context(o, e, RuntimeEnvironment.of(env), providers, workingDir);
      int exit = new Cli().run(List.of(args), ctx);
      return new Outcome(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }
}
