package dev.baton.spi;

import dev.baton.internal.Numbers;
import java.util.Objects;
import java.util.Set;

/**
 * A pull request as it is now.
 *
 * @param number the pull request number
 * @param open whether it is open (GitHub's {@code state} is {@code open}); merged ones are closed
 * @param labels the names of the labels it carries
 */
public record PullRequestState(int number, boolean open, Set<String> labels) {
  /**
   * Checks the number and copies the labels.
   *
   * @param number the pull request number, positive
   * @param open whether it is open
   * @param labels the names of the labels it carries
   */
  public PullRequestState {
    Numbers.positive(number, "pull request number");
    labels = Set.copyOf(Objects.requireNonNull(labels, "labels"));
  }
}
