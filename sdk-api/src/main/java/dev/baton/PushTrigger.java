package dev.baton;

import java.util.Objects;

/**
 * A push event.
 *
 * @param ref the full ref pushed, e.g. {@code refs/heads/main} or {@code refs/tags/v1}
 * @param commit the commit the ref points at after the push
 * @param defaultBranch the repository's default branch name, e.g. {@code main}
 * @param deleted whether the push deleted the ref
 */
public record PushTrigger(String ref, CommitSha commit, String defaultBranch, boolean deleted)
    implements Trigger {
  /**
   * Checks that nothing is null and the ref is a full ref.
   *
   * @param ref the full ref pushed, e.g. {@code refs/heads/main} or {@code refs/tags/v1}
   * @param commit the commit the ref points at after the push
   * @param defaultBranch the repository's default branch name, e.g. {@code main}
   * @param deleted whether the push deleted the ref
   */
  public PushTrigger {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(defaultBranch, "defaultBranch");
    if (!ref.startsWith("refs/")) {
      throw new IllegalArgumentException("push ref \"" + ref + "\" is not a full ref (refs/...)");
    }
  }

  /**
   * {@return the branch name when the ref is a branch ({@code refs/heads/x} gives {@code x}); else
   * empty}
   */
  public String branch() {
    return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : "";
  }

  @Override
  public String event() {
    return "push";
  }

  @Override
  public String describe() {
    return "push " + ref + (deleted ? " (deleted)" : " at " + commit.shortForm());
  }
}
