package dev.baton.github.internal;

import dev.baton.Secret;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Asks the GitHub Actions runner to mask a secret in the job log, with the
 * {@code ::add-mask::VALUE} workflow command written to standard output.
 *
 * <p>This is the only place in the module that writes to standard output, and it does so only
 * when {@code GITHUB_ACTIONS=true}: the runner reads workflow commands from the step's stdout, so
 * there is no other channel. Each distinct secret is announced once per process; only a SHA-256
 * of each announced value is kept, never the value. A multi-line secret is masked line by line,
 * because the runner masks the text of one command line.
 */
public final class ActionsMask {
  private static final ActionsMask SYSTEM = new ActionsMask(System.out, RuntimeEnvironment.system());

  private final PrintStream out;
  private final RuntimeEnvironment environment;
  private final Set<String> announced = new HashSet<>();

  /**
   * @param out where workflow commands go (the step's stdout)
   * @param environment where {@code GITHUB_ACTIONS} is read
   */
  public ActionsMask(PrintStream out, RuntimeEnvironment environment) {
    this.out = out;
    this.environment = environment;
  }

  /** The instance over {@code System.out} and the process environment. */
  public static ActionsMask system() {
    return SYSTEM;
  }

  /**
   * Masks the secret in the job log, once, when running in GitHub Actions; does nothing elsewhere.
   *
   * @param secret the secret to mask
   * @return whether a mask command was written now
   */
  public synchronized boolean mask(Secret secret) {
    if (!environment.isGitHubActions() || !announced.add(fingerprint(secret.reveal()))) {
      return false;
    }
    for (String line : secret.reveal().split("\\R")) {
      if (!line.isBlank()) {
        out.println("::add-mask::" + line);
      }
    }
    out.flush();
    return true;
  }

  private static String fingerprint(String value) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
