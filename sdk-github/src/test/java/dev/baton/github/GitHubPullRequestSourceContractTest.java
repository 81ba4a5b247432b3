package dev.baton.github;

import dev.baton.Secret;
import dev.baton.github.fake.FakeGitHub;
import dev.baton.spi.PullRequestSource;
import dev.baton.testkit.PullRequestSourceContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs the pull request source contract against {@link GitHubPullRequestSource} and a fake GitHub.
 */
class GitHubPullRequestSourceContractTest extends PullRequestSourceContract {
  static final Secret TOKEN = Secret.of("ghs_pullscontract0token");

  FakeGitHub github;
  GitHubConnection connection;

  @BeforeEach
  void start() {
    github = FakeGitHub.start("acme/shop", TOKEN);
    connection = Connections.to(github, TOKEN);
  }

  @AfterEach
  void stop() {
    connection.close();
    github.close();
  }

  @Override
  protected PullRequestSource source() {
    return GitHubPullRequestSource.of(connection);
  }

  @Override
  protected void open(int number, String... labels) {
    github.openPullRequest(number, "pull request " + number, labels);
  }

  @Override
  protected void close(int number, boolean merged, String... labels) {
    if (merged) {
      github.mergedPullRequest(number, "pull request " + number, labels);
    } else {
      github.closedPullRequest(number, "pull request " + number, labels);
    }
  }
}
