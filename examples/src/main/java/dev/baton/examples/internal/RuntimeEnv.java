package dev.baton.examples.internal;

import dev.baton.Secret;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The process environment, read in this one place: the GitHub Actions variables {@code baton run}
 * and {@code baton plan} use, and the few others the commands look at. Tests build one from a map.
 *
 * <p>Variables set to the empty string count as unset, as GitHub Actions leaves unset inputs empty.
 */
public final class RuntimeEnv {
  /** The webhook event that started the workflow, e.g. {@code pull_request}. */
  public static final String GITHUB_EVENT_NAME = "GITHUB_EVENT_NAME";
  /** The file holding the event's webhook payload. */
  public static final String GITHUB_EVENT_PATH = "GITHUB_EVENT_PATH";
  /** The commit the workflow runs for. */
  public static final String GITHUB_SHA = "GITHUB_SHA";
  /** {@code owner/name} of the repository. */
  public static final String GITHUB_REPOSITORY = "GITHUB_REPOSITORY";
  /** The workflow's token; a secret. */
  public static final String GITHUB_TOKEN = "GITHUB_TOKEN";
  /** The workflow run's id, for links and deployment payloads. */
  public static final String GITHUB_RUN_ID = "GITHUB_RUN_ID";
  /** The REST API's base URL ({@code https://api.github.com} on github.com). */
  public static final String GITHUB_API_URL = "GITHUB_API_URL";
  /** The web base URL ({@code https://github.com}). */
  public static final String GITHUB_SERVER_URL = "GITHUB_SERVER_URL";
  /** The file step outputs are appended to. */
  public static final String GITHUB_OUTPUT = "GITHUB_OUTPUT";
  /** The file the job summary (Markdown) is appended to. */
  public static final String GITHUB_STEP_SUMMARY = "GITHUB_STEP_SUMMARY";
  /** {@code true} inside GitHub Actions. */
  public static final String GITHUB_ACTIONS = "GITHUB_ACTIONS";
  /** Credentials for registries that are not ECR: a user name... */
  public static final String BATON_REGISTRY_USERNAME = "BATON_REGISTRY_USERNAME";
  /** ...and its password or token; a secret. */
  public static final String BATON_REGISTRY_PASSWORD = "BATON_REGISTRY_PASSWORD";

  private final Map<String, String> variables;

  private RuntimeEnv(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  /** The real process environment. */
  public static RuntimeEnv system() {
    return new RuntimeEnv(System.getenv());
  }

  /**
   * @param variables the variables to see, for tests
   * @return an environment holding exactly those
   */
  public static RuntimeEnv of(Map<String, String> variables) {
    return new RuntimeEnv(Objects.requireNonNull(variables, "variables"));
  }

  /**
   * @param name a variable name
   * @return its value, unless unset or empty
   */
  public Optional<String> get(String name) {
    String v = variables.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /**
   * @param name a variable holding a credential
   * @return the credential, wrapped so that it never prints
   */
  public Optional<Secret> secret(String name) {
    return get(name).map(Secret::of);
  }

  /** Whether this process runs inside a GitHub Actions job. */
  public boolean inGitHubActions() {
    return get(GITHUB_ACTIONS).map("true"::equals).orElse(false);
  }

  /** Every variable, for a child process that must inherit them. */
  public Map<String, String> all() {
    return variables;
  }

  /** Names only: values may be secrets. */
  @Override
  public String toString() {
    return "RuntimeEnv" + new java.util.TreeSet<>(variables.keySet());
  }
}
