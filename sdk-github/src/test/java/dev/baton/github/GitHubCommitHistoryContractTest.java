package dev.baton.github;

import dev.baton.CommitSha;
import dev.baton.github.fake.FakeGitHub;
import dev.baton.testkit.CommitHistoryContract;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the commit history contract against {@link GitHubCommitHistory}, over the fake GitHub seeded
 * with the history's commit graph: its compare answers are GitHub's documented example with the
 * status computed from that graph.
 */
class GitHubCommitHistoryContractTest extends CommitHistoryContract {
  FakeGitHub github;
  GitHubConnection connection;

  @Override
  protected Built build(HistorySpec spec) {
    github = FakeGitHub.start("acme/shop", GitHubCommitHistoryTest.TOKEN);
    connection = Connections.to(github, GitHubCommitHistoryTest.TOKEN);
    Map<String, CommitSha> shas = new HashMap<>();
    for (HistorySpec.Commit c : spec.commits()) {
      CommitSha sha = newCommit();
      shas.put(c.name(), sha);
      github.commit(
          sha.value(), c.parents().stream().map(p -> shas.get(p).value()).toArray(String[]::new));
    }
    return new Built(GitHubCommitHistory.of(connection), shas);
  }

  @AfterEach
  void stop() {
    if (connection != null) {
      connection.close();
    }
    if (github != null) {
      github.close();
    }
  }
}
