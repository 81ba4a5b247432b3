package dev.baton;

import java.util.Objects;

/**
 * A release event.
 *
 * @param action the action as GitHub names it ({@code published}, {@code created}, ...)
 * @param version the release's tag, as written
 * @param commit the commit the release tag points at (resolved from the tag, not from {@code
 *     target_commitish}, which is often a branch name)
 * @param draft whether the release is a draft
 * @param prerelease whether it is a pre-release
 */
public record ReleaseTrigger(
    String action, ReleaseVersion version, CommitSha commit, boolean draft, boolean prerelease)
    implements Trigger {
  /**
   * Checks that nothing is null.
   *
   * @param action the action as GitHub names it ({@code published}, {@code created}, ...)
   * @param version the release's tag, as written
   * @param commit the commit the release tag points at (resolved from the tag, not from {@code
   *     target_commitish}, which is often a branch name)
   * @param draft whether the release is a draft
   * @param prerelease whether it is a pre-release
   */
  public ReleaseTrigger {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(commit, "commit");
  }

  @Override
  public String event() {
    return "release";
  }

  @Override
  public String describe() {
    return "release " + version + " " + action + " at " + commit.shortForm();
  }
}
