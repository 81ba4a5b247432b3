package dev.baton.github.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The one place this module reads environment variables. Everything that needs {@code GITHUB_*}
 * goes through an instance of this class, so tests can hand in a map instead of the process
 * environment, and so a review can find every variable the module depends on in one file.
 *
 * <p>Variables read (all set by GitHub Actions on every job):
 * {@code GITHUB_ACTIONS}, {@code GITHUB_TOKEN} (only when the workflow passes it in),
 * {@code GITHUB_API_URL}, {@code GITHUB_SERVER_URL}, {@code GITHUB_REPOSITORY},
 * {@code GITHUB_EVENT_NAME}, {@code GITHUB_EVENT_PATH}, {@code GITHUB_SHA}, {@code GITHUB_RUN_ID}.
 */
public final class RuntimeEnvironment {
  /** {@code true} on every GitHub Actions runner. */
  public static final String GITHUB_ACTIONS = "GITHUB_ACTIONS";
  /** The token, when a workflow maps {@code secrets.GITHUB_TOKEN} into the environment. */
  public static final String GITHUB_TOKEN = "GITHUB_TOKEN";
  /** The REST API root, e.g. {@code https://api.github.com} or {@code https://ghe.example/api/v3}. */
  public static final String GITHUB_API_URL = "GITHUB_API_URL";
  /** The web root, e.g. {@code https://github.com}. */
  public static final String GITHUB_SERVER_URL = "GITHUB_SERVER_URL";
  /** {@code owner/name}. */
  public static final String GITHUB_REPOSITORY = "GITHUB_REPOSITORY";
  /** The webhook event that started the workflow, e.g. {@code pull_request}. */
  public static final String GITHUB_EVENT_NAME = "GITHUB_EVENT_NAME";
  /** The path of the file holding the event's webhook payload. */
  public static final String GITHUB_EVENT_PATH = "GITHUB_EVENT_PATH";
  /** The commit the workflow runs on; the merge commit for {@code pull_request}. */
  public static final String GITHUB_SHA = "GITHUB_SHA";
  /** The workflow run's id. */
  public static final String GITHUB_RUN_ID = "GITHUB_RUN_ID";

  private static final RuntimeEnvironment SYSTEM = new RuntimeEnvironment(System::getenv);

  private final UnaryOperator<String> lookup;

  private RuntimeEnvironment(UnaryOperator<String> lookup) {
    this.lookup = lookup;
  }

  /** The process environment. */
  public static RuntimeEnvironment system() {
    return SYSTEM;
  }

  /**
   * @param variables the variables to see instead of the process environment
   * @return an environment over a fixed map
   */
  public static RuntimeEnvironment of(Map<String, String> variables) {
    Map<String, String> copy = Map.copyOf(variables);
    return new RuntimeEnvironment(copy::get);
  }

  /**
   * @param name a variable name
   * @return its value; empty when unset or blank
   */
  public Optional<String> get(String name) {
    Objects.requireNonNull(name, "name");
    String v = lookup.apply(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  /** Whether this process runs inside a GitHub Actions job ({@code GITHUB_ACTIONS=true}). */
  public boolean isGitHubActions() {
    return get(GITHUB_ACTIONS).map("true"::equalsIgnoreCase).orElse(false);
  }
}
