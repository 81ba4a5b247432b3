package dev.baton;

import dev.baton.internal.Numbers;
import java.util.Objects;
import java.util.Set;

/**
 * A pull request event.
 *
 * @param number the pull request number
 * @param action the event's action as GitHub names it ({@code opened}, {@code synchronize}, {@code
 *     reopened}, {@code labeled}, {@code unlabeled}, {@code closed}, ...)
 * @param labels the labels on the pull request after the event
 * @param changedLabel for {@code labeled}/{@code unlabeled}, the label added or removed; else empty
 * @param headSha the head commit of the pull request's branch
 * @param commit the commit whose build this pull request deploys: the merge commit (what {@code
 *     github.sha} is on {@code pull_request}) or the head, as the build chose
 * @param merged whether the pull request was merged (for {@code closed})
 * @param open whether the pull request is open after the event ({@code state} in the payload); a
 *     label added to a closed pull request deploys nothing
 */
public record PullRequestTrigger(
    int number,
    String action,
    Set<String> labels,
    String changedLabel,
    CommitSha headSha,
    CommitSha commit,
    boolean merged,
    boolean open)
    implements Trigger {
  /**
   * Validates the number and copies the labels.
   *
   * @param number the pull request number
   * @param action the event's action as GitHub names it ({@code opened}, {@code synchronize},
   *     {@code reopened}, {@code labeled}, {@code unlabeled}, {@code closed}, ...)
   * @param labels the labels on the pull request after the event
   * @param changedLabel for {@code labeled}/{@code unlabeled}, the label added or removed; else
   *     empty
   * @param headSha the head commit of the pull request's branch
   * @param commit the commit whose build this pull request deploys: the merge commit (what {@code
   *     github.sha} is on {@code pull_request}) or the head, as the build chose
   * @param merged whether the pull request was merged (for {@code closed})
   * @param open whether the pull request is open after the event ({@code state} in the payload); a
   *     label added to a closed pull request deploys nothing
   */
  public PullRequestTrigger {
    Numbers.positive(number, "pull request number");
    Objects.requireNonNull(action, "action");
    labels = Set.copyOf(labels);
    Objects.requireNonNull(changedLabel, "changedLabel");
    Objects.requireNonNull(headSha, "headSha");
    Objects.requireNonNull(commit, "commit");
  }

  /**
   * A trigger whose state follows from the action: closed for {@code closed}, open otherwise.
   *
   * @param number the pull request number
   * @param action the event's action
   * @param labels the labels after the event
   * @param changedLabel the label added or removed, or empty
   * @param headSha the head commit
   * @param commit the commit whose build is deployed
   * @param merged whether it was merged
   */
  public PullRequestTrigger(
      int number,
      String action,
      Set<String> labels,
      String changedLabel,
      CommitSha headSha,
      CommitSha commit,
      boolean merged) {
    this(number, action, labels, changedLabel, headSha, commit, merged, !"closed".equals(action));
  }

  @Override
  public String event() {
    return "pull_request";
  }

  @Override
  public String describe() {
    return "pull_request #"
        + number
        + " "
        + action
        + (changedLabel.isEmpty() ? "" : " \"" + changedLabel + "\"");
  }
}
