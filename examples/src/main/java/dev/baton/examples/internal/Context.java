package dev.baton.examples.internal;

import dev.baton.Secret;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a command runs with: where to print, the process environment, the providers, and the
 * directory relative paths are resolved against. Secrets registered here are replaced by
 * {@code ***} in everything printed through {@link #redact}.
 */
public final class Context {
  private final PrintStream out;
  private final PrintStream err;
  private final RuntimeEnv env;
  private final Providers providers;
  private final Path workingDir;
  private final List<String> secrets = new ArrayList<>();

  /**
   * @param out standard output: results (plans, digests, tables)
   * @param err standard error: progress, errors and hints
   * @param env the process environment
   * @param providers where real providers come from
   * @param workingDir the directory relative paths are resolved against
   */
  public Context(PrintStream out, PrintStream err, RuntimeEnv env, Providers providers,
      Path workingDir) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.env = Objects.requireNonNull(env, "env");
    this.providers = Objects.requireNonNull(providers, "providers");
    this.workingDir = workingDir.toAbsolutePath();
  }

  /** Standard output. */
  public PrintStream out() {
    return out;
  }

  /** Standard error. */
  public PrintStream err() {
    return err;
  }

  /** The process environment. */
  public RuntimeEnv env() {
    return env;
  }

  /** The providers. */
  public Providers providers() {
    return providers;
  }

  /**
   * @param path a path as the user typed it
   * @return it resolved against the working directory
   */
  public Path resolve(String path) {
    return workingDir.resolve(path).normalize();
  }

  /**
   * Registers a credential so that {@link #redact} hides it.
   *
   * @param secret the credential
   */
  public synchronized void addSecret(Secret secret) {
    String v = secret.reveal();
    if (v.length() >= 4 && !secrets.contains(v)) {
      secrets.add(v);
    }
  }

  /**
   * @param text anything about to be printed or written
   * @return the text with every registered credential replaced by {@code ***}
   */
  public synchronized String redact(String text) {
    String r = text;
    for (String s : secrets) {
      r = r.replace(s, "***");
    }
    return r;
  }
}
