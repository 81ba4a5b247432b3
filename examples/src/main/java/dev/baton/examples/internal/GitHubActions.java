package dev.baton.examples.internal;

import dev.baton.ConfigurationException;
import dev.baton.Secret;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.UUID;

/**
 * The GitHub Actions runner's side channels: step outputs ({@code GITHUB_OUTPUT}), the job
 * summary ({@code GITHUB_STEP_SUMMARY}) and log masking ({@code ::add-mask::}), as documented in
 * "Workflow commands for GitHub Actions". Outside Actions the files are not set and nothing is
 * written.
 */
final class GitHubActions {
  private final RuntimeEnv env;

  GitHubActions(RuntimeEnv env) {
    this.env = env;
  }

  /**
   * Asks the runner to mask a credential in the job's log, and registers it for redaction here.
   *
   * @param secret the credential
   * @param ctx the command's context
   */
  void mask(Secret secret, Context ctx) {
    ctx.addSecret(secret);
    if (env.inGitHubActions()) {
      PrintStream out = ctx.out();
      // The runner reads this line and masks the value from here on; it never shows in the log.
      out.println("::add-mask::" + secret.reveal());
    }
  }

  /**
   * Appends step outputs. Values with a line break use the documented heredoc form.
   *
   * @param outputs name to value
   * @return whether GITHUB_OUTPUT was set
   */
  boolean setOutputs(Map<String, String> outputs) {
    StringBuilder b = new StringBuilder();
    outputs.forEach((k, v) -> {
      if (v.contains("\n") || v.contains("\r")) {
        String delimiter = "baton_" + UUID.randomUUID();
        b.append(k).append("<<").append(delimiter).append('\n').append(v).append('\n')
            .append(delimiter).append('\n');
      } else {
        b.append(k).append('=').append(v).append('\n');
      }
    });
    return append(RuntimeEnv.GITHUB_OUTPUT, b.toString());
  }

  /**
   * Appends Markdown to the job summary.
   *
   * @param markdown the report
   * @return whether GITHUB_STEP_SUMMARY was set
   */
  boolean appendSummary(String markdown) {
    return append(RuntimeEnv.GITHUB_STEP_SUMMARY, markdown.endsWith("\n") ? markdown
        : markdown + "\n");
  }

  private boolean append(String variable, String text) {
    var file = env.get(variable);
    if (file.isEmpty()) {
      return false;
    }
    try {
      Files.writeString(Path.of(file.get()), text, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return true;
    } catch (IOException e) {
      throw new ConfigurationException("cannot append to " + variable + " (" + file.get() + "): "
          + e, "the runner sets " + variable + " to a writable file; do not override it", e);
    }
  }
}
