package dev.baton.cli.internal;

import dev.baton.Secret;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.internal.redact.Redactor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a command runs with: where to print, the process environment, the providers, and the
 * directory relative paths are resolved against. Secrets registered here are replaced by {@value
 * Redactor#MASK} in everything printed through {@link #redact}, in every form they take on the
 * wire; so are, from the start, the command's own credentials ({@code GITHUB_TOKEN}, the registry
 * password and its Basic credentials), the OTLP exporter's headers ({@code
 * OTEL_EXPORTER_OTLP_HEADERS}, often an API key) and inherited variables named as credentials.
 */
public final class Context {
  private final PrintStream out;
  private final PrintStream err;
  private final RuntimeEnvironment env;
  private final Providers providers;
  private final Path workingDir;
  private volatile Redactor redactor;

  /**
   * @param out standard output: results (plans, digests, tables)
   * @param err standard error: progress, errors and hints
   * @param env the process environment
   * @param providers where real providers come from
   * @param workingDir the directory relative paths are resolved against
   */
  public Context(
      PrintStream out,
      PrintStream err,
      RuntimeEnvironment env,
      Providers providers,
      Path workingDir) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.env = Objects.requireNonNull(env, "env");
    this.providers = Objects.requireNonNull(providers, "providers");
    this.workingDir = workingDir.toAbsolutePath();
    Redactor r = Redactor.none().withCredentialsFrom(env.all());
    r = env.secret(RuntimeEnvironment.GITHUB_TOKEN).map(r::with).orElse(r);
    for (Secret secret : Telemetry.headerSecrets(env)) {
      r = r.with(secret);
    }
    Providers.RegistryAccess registry = Providers.RegistryAccess.from(false, env);
    if (registry.password().isPresent()) {
      // Without a user name this also masks the Basic form of an empty one: harmless.
      r = r.with(registry.username().orElse(""), registry.password().get());
    }
    this.redactor = r;
  }

  /** {@return standard output} */
  public PrintStream out() {
    return out;
  }

  /** {@return standard error} */
  public PrintStream err() {
    return err;
  }

  /** {@return the process environment} */
  public RuntimeEnvironment env() {
    return env;
  }

  /**
   * {@return who runs this command, as records name them: {@code GITHUB_ACTOR} when set, else the
   * OS user}
   */
  public String actor() {
    return env.get("GITHUB_ACTOR")
        .filter(s -> !s.isBlank())
        .orElseGet(() -> System.getProperty("user.name", "unknown"));
  }

  /** {@return the providers} */
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
    redactor = redactor.with(secret);
  }

  /**
   * Registers a user name and password so that {@link #redact} hides the password and the pair's
   * Basic credentials.
   *
   * @param username the user name (not itself hidden)
   * @param password the password or token
   */
  public synchronized void addCredential(String username, Secret password) {
    redactor = redactor.with(username, password);
  }

  /**
   * @param text anything about to be printed or written
   * @return the text with every registered credential replaced by {@value Redactor#MASK}
   */
  public String redact(String text) {
    return redactor.redact(text);
  }
}
