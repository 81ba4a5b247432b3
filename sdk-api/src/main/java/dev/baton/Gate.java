package dev.baton;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A policy that refuses an environment in a {@link Plan}: nothing is planned for that environment
 * nor for the environments that need it, and {@link PromotionPipeline#run} or {@link
 * PromotionPipeline#execute} of the plan throws the first gate's {@link #refusal()} before any step
 * runs.
 *
 * <p>{@code kind} is one small stable word:
 *
 * <ul>
 *   <li>{@code window}: the environment is outside its deployment windows ({@link
 *       DeploymentWindowClosedException});
 *   <li>{@code freeze}: it is inside one of its freezes (the same exception);
 *   <li>{@code soak}: an environment it needs has not run the digest for its soak yet ({@link
 *       SoakIncompleteException});
 *   <li>{@code upstream}: an environment it needs never ran the digest ({@link
 *       UpstreamNotDeployedException}), or is itself gated in this plan (then the refusal is that
 *       environment's);
 *   <li>{@code quarantine}: the digest is quarantined ({@link DigestQuarantinedException});
 *   <li>{@code older-commit}: the environment runs a newer commit ({@link OlderCommitException}).
 * </ul>
 *
 * <p>Two gates are equal when their environment, kind and reason are: the refusal is left out, as
 * exceptions compare by identity.
 *
 * @param environment the environment refused
 * @param kind what refuses it, one of the words above
 * @param reason why, in words: the refusal's message, or which gated environment it needs
 * @param refusal what a run of the plan throws for this gate
 */
public record Gate(
    EnvironmentName environment, String kind, String reason, PolicyViolationException refusal) {
  /** The words {@link #kind()} may be. */
  static final Set<String> KINDS =
      Set.of("window", "freeze", "soak", "upstream", "quarantine", "older-commit");

  /**
   * Checks the parts.
   *
   * @param environment the environment refused
   * @param kind what refuses it, one of the words above
   * @param reason why, in words
   * @param refusal what a run of the plan throws for this gate
   * @throws IllegalArgumentException when {@code kind} is not one of the words above
   */
  public Gate {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(refusal, "refusal");
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException(
          "gate kind \"" + kind + "\" is not one of " + new TreeSet<>(KINDS));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Gate g
        && environment.equals(g.environment)
        && kind.equals(g.kind)
        && reason.equals(g.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(environment, kind, reason);
  }

  /** {@return one line: {@code gate prod quarantine: refusing to deploy …}} */
  @Override
  public String toString() {
    return "gate  " + environment + "  " + kind + ": " + reason;
  }
}
