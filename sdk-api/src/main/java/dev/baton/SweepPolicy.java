package dev.baton;

import dev.baton.spi.PullRequestSource;
import java.util.Objects;

/**
 * How {@link PromotionPipeline#sweepPreviews} runs: where it reads the pull requests' state, and
 * whether it only says what it would destroy. How long previews may live is each per-pull-request
 * environment's {@link Environment#previews()}.
 *
 * <pre>{@code
 * SweepReport report = pipeline.sweepPreviews(SweepPolicy.of(pullRequests).dryRun(true));
 * }</pre>
 *
 * @param pullRequests where the pull requests' state is read
 * @param dryRun true to change nothing and report what would be destroyed
 */
public record SweepPolicy(PullRequestSource pullRequests, boolean dryRun) {
  /**
   * Checks the source is present.
   *
   * @param pullRequests where the pull requests' state is read
   * @param dryRun true to change nothing and report what would be destroyed
   */
  public SweepPolicy {
    Objects.requireNonNull(pullRequests, "pullRequests");
  }

  /**
   * @param pullRequests where the pull requests' state is read
   * @return a policy that destroys what it finds
   */
  public static SweepPolicy of(PullRequestSource pullRequests) {
    return new SweepPolicy(pullRequests, false);
  }

  /**
   * @param dryRun true to change nothing and report what would be destroyed
   * @return a copy with that setting
   */
  public SweepPolicy dryRun(boolean dryRun) {
    return new SweepPolicy(pullRequests, dryRun);
  }
}
