package dev.baton.github;

import dev.baton.CommitSha;
import dev.baton.testkit.CommitHistoryContract;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the commit history contract against {@link GitCommitHistory} on a repository holding real
 * commits, merges included, made with JGit.
 */
class GitCommitHistoryContractTest extends CommitHistoryContract {
  @TempDir Path dir;
  GitCommitHistory history;

  @Override
  protected Built build(HistorySpec spec) {
    Map<String, RevCommit> commits;
    try {
      commits = GitCommitHistoryTest.createRepository(dir, spec);
    } catch (Exception e) {
      throw new AssertionError("cannot create the repository in " + dir, e);
    }
    Map<String, CommitSha> shas = new HashMap<>();
    commits.forEach((name, commit) -> shas.put(name, CommitSha.parse(commit.name())));
    history = GitCommitHistory.open(dir);
    return new Built(history, shas);
  }

  @AfterEach
  void close() {
    if (history != null) {
      history.close();
    }
  }
}
