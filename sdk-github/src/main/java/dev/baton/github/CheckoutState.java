package dev.baton.github;

import dev.baton.CommitSha;
import java.util.List;
import java.util.Objects;

/**
 * What a local checkout holds: the commit it is at, and whether its working tree differs from it.
 * An image built from a dirty tree is not the build of its commit, so a pipeline should refuse to
 * tag it {@code sha-<commit>}.
 *
 * @param commit the full SHA of {@code HEAD}
 * @param changes the paths that differ from {@code HEAD}: modified, added, removed, conflicting and
 *     untracked (ignored files excluded), sorted
 */
public record CheckoutState(CommitSha commit, List<String> changes) {
  /**
   * Copies the changes.
   *
   * @param commit the full SHA of {@code HEAD}
   * @param changes the paths that differ from {@code HEAD}: modified, added, removed, conflicting
   *     and untracked (ignored files excluded), sorted
   */
  public CheckoutState {
    Objects.requireNonNull(commit, "commit");
    changes = List.copyOf(changes);
  }

  /** {@return whether the working tree differs from the commit} */
  public boolean dirty() {
    return !changes.isEmpty();
  }
}
