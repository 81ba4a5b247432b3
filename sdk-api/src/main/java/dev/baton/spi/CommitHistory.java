package dev.baton.spi;

import dev.baton.CommitSha;

/**
 * How two commits relate in the repository's history: what keeps an environment from moving back to
 * an older commit, and lets a waiting run for an older commit give way to a newer one. sdk-github
 * answers from a local git checkout or from GitHub's compare API.
 */
public interface CommitHistory {
  /** Knows nothing: every answer is {@link CommitOrder#UNKNOWN}, so nothing is refused for it. */
  CommitHistory UNKNOWN = (a, b) -> a.equals(b) ? CommitOrder.SAME : CommitOrder.UNKNOWN;

  /**
   * @param a a commit
   * @param b another commit
   * @return how {@code a} relates to {@code b}: {@link CommitOrder#OLDER} when {@code a} is an
   *     ancestor of {@code b}
   */
  CommitOrder compare(CommitSha a, CommitSha b);
}
