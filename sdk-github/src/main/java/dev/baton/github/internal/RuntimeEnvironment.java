package dev.baton.github.internal;

import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import dev.baton.Secret;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The one reader of the GitHub Actions runner's environment, for this module and the {@code baton}
 * command. Everything that needs a {@code GITHUB_*} variable goes through an instance of this
 * class, so tests can hand in a map instead of the process environment, and so a review can find
 * every runner variable Baton depends on in one file.
 *
 * <p>Variables set to the empty string or to blanks count as unset (GitHub Actions leaves unset
 * inputs empty); values are stripped of surrounding blanks.
 *
 * <p>Variables read (all set by GitHub Actions on every job, except the token): {@code
 * GITHUB_ACTIONS}, {@code GITHUB_TOKEN} (only when the workflow passes it in), {@code
 * GITHUB_API_URL}, {@code GITHUB_SERVER_URL}, {@code GITHUB_REPOSITORY}, {@code GITHUB_EVENT_NAME},
 * {@code GITHUB_EVENT_PATH}, {@code GITHUB_SHA}, {@code GITHUB_RUN_ID}, {@code GITHUB_OUTPUT},
 * {@code GITHUB_STEP_SUMMARY}.
 */
public final class RuntimeEnvironment {
  /** {@code true} on every GitHub Actions runner. */
  public static final String GITHUB_ACTIONS = "GITHUB_ACTIONS";

  /** The token, when a workflow maps {@code secrets.GITHUB_TOKEN} into the environment. */
  public static final String GITHUB_TOKEN = "GITHUB_TOKEN";

  /**
   * The REST API root, e.g. {@code https://api.github.com} or {@code https://ghe.example/api/v3}.
   */
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

  /** The file step outputs are appended to. */
  public static final String GITHUB_OUTPUT = "GITHUB_OUTPUT";

  /** The file the job summary (Markdown) is appended to. */
  public static final String GITHUB_STEP_SUMMARY = "GITHUB_STEP_SUMMARY";

  private static final RuntimeEnvironment SYSTEM = new RuntimeEnvironment(System.getenv());

  private final Map<String, String> variables;

  private RuntimeEnvironment(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  /** {@return the process environment} */
  public static RuntimeEnvironment system() {
    return SYSTEM;
  }

  /**
   * @param variables the variables to see instead of the process environment
   * @return an environment over a fixed map
   */
  public static RuntimeEnvironment of(Map<String, String> variables) {
    return new RuntimeEnvironment(Objects.requireNonNull(variables, "variables"));
  }

  /**
   * @param name a variable name
   * @return its value, stripped; empty when unset or blank
   */
  public Optional<String> get(String name) {
    Objects.requireNonNull(name, "name");
    String v = variables.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  /**
   * @param name a variable holding a credential
   * @return the credential, wrapped so that it never prints; empty when unset or blank
   */
  public Optional<Secret> secret(String name) {
    return get(name).map(Secret::of);
  }

  /**
   * The commit the workflow runs on, validated in this one place.
   *
   * @return {@code GITHUB_SHA}, or empty when unset
   * @throws ConfigurationException when it is set but not a full commit id, naming the variable
   */
  public Optional<CommitSha> githubSha() {
    return get(GITHUB_SHA)
        .map(
            s -> {
              try {
                return CommitSha.parse(s);
              } catch (IllegalArgumentException e) {
                throw new ConfigurationException(
                    GITHUB_SHA + " \"" + s + "\" is not a 40-character" + " commit SHA",
                    "unset it, or set it to the full commit id");
              }
            });
  }

  /**
   * {@return whether this process runs inside a GitHub Actions job ({@code GITHUB_ACTIONS=true})}
   */
  public boolean isGitHubActions() {
    return get(GITHUB_ACTIONS).map("true"::equalsIgnoreCase).orElse(false);
  }

  /**
   * {@return every variable, for finding credentials to redact or for a child process to inherit}
   */
  public Map<String, String> all() {
    return variables;
  }

  /** Names only: values may be secrets. */
  @Override
  public String toString() {
    return "RuntimeEnvironment" + new TreeSet<>(variables.keySet());
  }
}
