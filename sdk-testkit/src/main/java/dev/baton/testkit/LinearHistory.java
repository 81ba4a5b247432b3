package dev.baton.testkit;

import dev.baton.CommitSha;
import dev.baton.spi.CommitHistory;
import dev.baton.spi.CommitOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link CommitHistory} of one branch with no merges: commits in the order they were added,
 * oldest first. A commit it was never told about is {@link CommitOrder#UNKNOWN}. Safe for
 * concurrent use.
 */
public final class LinearHistory implements CommitHistory {
  private final List<CommitSha> commits = new CopyOnWriteArrayList<>();

  /**
   * @param commits the history so far, oldest first
   */
  public LinearHistory(List<CommitSha> commits) {
    this.commits.addAll(commits);
  }

  /**
   * @param commit a commit newer than every other
   * @return this history
   */
  public LinearHistory add(CommitSha commit) {
    commits.add(commit);
    return this;
  }

  @Override
  public CommitOrder compare(CommitSha a, CommitSha b) {
    int i = commits.indexOf(a);
    int j = commits.indexOf(b);
    if (a.equals(b)) {
      return CommitOrder.SAME;
    }
    if (i < 0 || j < 0) {
      return CommitOrder.UNKNOWN;
    }
    return i < j ? CommitOrder.OLDER : CommitOrder.NEWER;
  }

  @Override
  public String toString() {
    return "LinearHistory[" + commits.size() + " commits]";
  }
}
