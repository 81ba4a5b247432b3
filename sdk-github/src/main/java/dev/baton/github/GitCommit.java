package dev.baton.github;

import dev.baton.CommitSha;
import java.time.Instant;
import java.util.Objects;

/**
 * One commit, as release notes list it.
 *
 * @param sha its full id
 * @param subject the first line of its message
 * @param author the author's name
 * @param time when it was committed
 */
public record GitCommit(CommitSha sha, String subject, String author, Instant time) {
  /**
   * Checks that nothing is null.
   *
   * @param sha its full id
   * @param subject the first line of its message
   * @param author the author's name
   * @param time when it was committed
   */
  public GitCommit {
    Objects.requireNonNull(sha, "sha");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(time, "time");
  }
}
