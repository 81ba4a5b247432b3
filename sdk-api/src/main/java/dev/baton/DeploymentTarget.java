package dev.baton;

import dev.baton.internal.Numbers;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where one deployment lives: an environment, and for environments with one instance per pull
 * request (preview) the instance, which is the pull request number. The instance is the identity
 * that a destroy must repeat (invariant 5).
 *
 * @param environment the environment
 * @param instance the pull request number for per-PR environments; empty for shared ones
 */
public record DeploymentTarget(EnvironmentName environment, String instance) {
  private static final Pattern INSTANCE = Pattern.compile("|[1-9][0-9]{0,9}");

  /**
   * Validates the instance: empty, or a positive pull request number.
   *
   * @param environment the environment
   * @param instance the pull request number for per-PR environments; empty for shared ones
   */
  public DeploymentTarget {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(instance, "instance");
    if (!INSTANCE.matcher(instance).matches()) {
      throw new IllegalArgumentException(
          "invalid deployment instance \""
              + instance
              + "\": expected a pull request number or nothing");
    }
  }

  /**
   * @param environment a shared environment such as dev
   * @return its only target
   */
  public static DeploymentTarget of(EnvironmentName environment) {
    return new DeploymentTarget(environment, "");
  }

  /**
   * @param environment a per-PR environment such as preview
   * @param pullRequest the pull request number, positive
   * @return the target of that pull request
   */
  public static DeploymentTarget pullRequest(EnvironmentName environment, int pullRequest) {
    Numbers.positive(pullRequest, "pull request number");
    return new DeploymentTarget(environment, Integer.toString(pullRequest));
  }

  /** {@return whether this is one pull request's instance} */
  public boolean isPerPullRequest() {
    return !instance.isEmpty();
  }

  /** {@code preview#42} or {@code dev}. */
  @Override
  public String toString() {
    return instance.isEmpty() ? environment.toString() : environment + "#" + instance;
  }
}
