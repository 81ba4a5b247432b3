package dev.baton;

import dev.baton.internal.Numbers;
import java.util.Objects;
import java.util.Set;

/**
 * A pull request event.
 *
 * <p>The canonical constructor is the one way to build one: every component is given, {@code open}
 * included, because the action alone cannot say it (a {@code labeled} event can arrive on a closed
 * pull request; the payload's {@code pull_request.state} does say it). Version 0.1.0 removed the
 * seven-argument constructor that derived {@code open} from the action: pass {@code false} after
 * {@code closed}, else the payload's state.
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
