package dev.baton.cli.internal;

import dev.baton.ConfigurationException;
import dev.baton.Secret;
import dev.baton.github.internal.ActionsMask;
import dev.baton.github.internal.RuntimeEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.UUID;

/**
 * The GitHub Actions runner's side channels: step outputs ({@code GITHUB_OUTPUT}), the job summary
 * ({@code GITHUB_STEP_SUMMARY}) and log masking ({@code ::add-mask::}, through sdk-github's {@link
 * ActionsMask}), as documented in "Workflow commands for GitHub Actions". Outside Actions the files
 * are not set and nothing is written.
 */
final class GitHubActions {
  private final Context ctx;
  private final RuntimeEnvironment env;
  private final ActionsMask mask;

  GitHubActions(Context ctx) {
    this.ctx = ctx;
    this.env = ctx.env();
    this.mask = new ActionsMask(ctx.err(), env);
  }

  /**
   * Asks the runner to mask a credential in the job's log, in every form it takes on the wire and
   * line by line, and registers it for redaction here.
   *
   * @param secret the credential
   */
  void mask(Secret secret) {
    ctx.addSecret(secret);
    mask.mask(secret);
  }

  /**
   * Like {@link #mask(Secret)}, for a user name and password: the password and the pair's Basic
   * credentials are masked.
   *
   * @param username the user name (not itself masked)
   * @param password the password or token
   */
  void mask(String username, Secret password) {
    ctx.addCredential(username, password);
    mask.mask(username, password);
  }

  /**
   * Appends step outputs. Values with a line break use the documented heredoc form.
   *
   * @param outputs name to value
   * @return whether GITHUB_OUTPUT was set
   */
  boolean setOutputs(Map<String, String> outputs) {
    StringBuilder b = new StringBuilder();
    outputs.forEach(
        (k, v) -> {
          if (v.contains("\n") || v.contains("\r")) {
            String delimiter = "baton_" + UUID.randomUUID();
            b.append(k)
                .append("<<")
                .append(delimiter)
                .append('\n')
                .append(v)
                .append('\n')
                .append(delimiter)
                .append('\n');
          } else {
            b.append(k).append('=').append(v).append('\n');
          }
        });
    return append(RuntimeEnvironment.GITHUB_OUTPUT, b.toString());
  }

  /**
   * Appends Markdown to the job summary.
   *
   * @param markdown the report
   * @return whether GITHUB_STEP_SUMMARY was set
   */
  boolean appendSummary(String markdown) {
    return append(
        RuntimeEnvironment.GITHUB_STEP_SUMMARY,
        markdown.endsWith("\n") ? markdown : markdown + "\n");
  }

  private boolean append(String variable, String text) {
    var file = env.get(variable);
    if (file.isEmpty()) {
      return false;
    }
    try {
      Files.writeString(
          Path.of(file.get()),
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      return true;
    } catch (IOException e) {
      throw new ConfigurationException(
          "cannot append to " + variable + " (" + file.get() + "): " + e,
          "the runner sets " + variable + " to a writable file; do not override it",
          e);
    }
  }
}
