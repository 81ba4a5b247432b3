package dev.baton.github.internal;

import dev.baton.Secret;
import dev.baton.internal.redact.Redactor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Asks the GitHub Actions runner to mask a secret in the job log, with the {@code
 * ::add-mask::VALUE} workflow command written to standard error. The one masking path of this
 * module and of the {@code baton} command.
 *
 * <p>It writes only when {@code GITHUB_ACTIONS=true}. The runner reads workflow commands from both
 * of a step's output streams; standard error keeps standard output free for what a command prints
 * for a program to read (a plan as JSON piped to {@code jq}, say), and it is where error messages,
 * the likeliest place for a leaked credential, go too. Every form the secret takes on the wire is
 * announced ({@link Redactor#forms(Secret)}: the value, its URL-encoded form, a user and password's
 * Basic credentials), and a multi-line secret line by line, because the runner masks the text of
 * one command line. Each form is announced once per instance; only a SHA-256 of each announced form
 * is kept, never the value.
 */
public final class ActionsMask {
  private static final ActionsMask SYSTEM =
      new ActionsMask(System.err, RuntimeEnvironment.system());

  private final PrintStream out;
  private final RuntimeEnvironment environment;
  private final Set<String> announced = new HashSet<>();

  /**
   * @param out where workflow commands go (the step's standard error)
   * @param environment where {@code GITHUB_ACTIONS} is read
   */
  public ActionsMask(PrintStream out, RuntimeEnvironment environment) {
    this.out = out;
    this.environment = environment;
  }

  /** {@return the instance over {@code System.err} and the process environment} */
  public static ActionsMask system() {
    return SYSTEM;
  }

  /**
   * Masks the secret in the job log, once, when running in GitHub Actions; does nothing elsewhere.
   *
   * @param secret the secret to mask
   * @return whether a mask command was written now
   */
  public boolean mask(Secret secret) {
    return announce(Redactor.none().with(secret));
  }

  /**
   * Masks a password and the Basic credentials of the user and password pair.
   *
   * @param username the user name (not itself masked)
   * @param password the password or token
   * @return whether a mask command was written now
   */
  public boolean mask(String username, Secret password) {
    return announce(Redactor.none().with(username, password));
  }

  private synchronized boolean announce(Redactor secret) {
    if (!environment.isGitHubActions()) {
      return false;
    }
    boolean wrote = false;
    for (String form : secret.singleLineForms()) {
      if (!form.isBlank() && announced.add(fingerprint(form))) {
        out.println("::add-mask::" + form);
        wrote = true;
      }
    }
    out.flush();
    return wrote;
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
