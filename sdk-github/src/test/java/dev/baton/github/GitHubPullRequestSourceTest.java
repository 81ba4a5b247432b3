package dev.baton.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AccessDeniedException;
import dev.baton.ProviderException;
import dev.baton.Secret;
import dev.baton.github.fake.FakeGitHub;
import dev.baton.github.fake.Fixtures;
import dev.baton.github.fake.ScriptedServer;
import dev.baton.spi.PullRequestSource;
import dev.baton.spi.PullRequestState;
import dev.baton.testkit.PullRequestSourceContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GitHubPullRequestSource} against the fake GitHub, whose pull requests are GitHub's
 * documented example ({@code get-pull.json}) with number, state and labels set per test: the pull
 * request source contract, and what only this source does (requests made, GitHub's errors).
 */
class GitHubPullRequestSourceTest extends PullRequestSourceContract {
  static final Secret TOKEN = Secret.of("ghs_pulls0token");

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

  @Test
  void openClosedMergedAndRelabelled_readAsGitHubSaysNow() {
    github.openPullRequest(1, "open", "deploy", "ui");
    github.closedPullRequest(2, "closed", "deploy");
    github.mergedPullRequest(3, "merged");
    github.openPullRequest(4, "relabelled", "deploy");
    github.openPullRequest(4, "relabelled", "ui");
    GitHubPullRequestSource prs = GitHubPullRequestSource.of(connection);

    assertThat(prs.state(1))
        .isEqualTo(new PullRequestState(1, true, java.util.Set.of("deploy", "ui")));
    assertThat(prs.state(2)).isEqualTo(new PullRequestState(2, false, java.util.Set.of("deploy")));
    assertThat(prs.state(3)).isEqualTo(new PullRequestState(3, false, java.util.Set.of()));
    assertThat(prs.state(4).labels()).containsExactly("ui");
    assertThat(github.requests())
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly(
            "GET /repos/acme/shop/pulls/1",
            "GET /repos/acme/shop/pulls/2",
            "GET /repos/acme/shop/pulls/3",
            "GET /repos/acme/shop/pulls/4");
  }

  @Test
  void githubsOwnExample_isReadAsIs() {
    github.failNext(ScriptedServer.json(200, Fixtures.api("get-pull.json")));

    PullRequestState state = GitHubPullRequestSource.of(connection).state(1347);

    assertThat(state).isEqualTo(new PullRequestState(1347, true, java.util.Set.of("bug")));
  }

  @Test
  void forbidden_isAccessDenied_withoutTheToken() {
    github.failNext(ScriptedServer.json(403, Fixtures.api("error-forbidden.json")));

    assertThatThrownBy(() -> GitHubPullRequestSource.of(connection).state(1))
        .isInstanceOf(AccessDeniedException.class)
        .satisfies(e -> assertThat(e.toString()).doesNotContain(TOKEN.reveal()));
  }

  @Test
  void numberNotPositive_isRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> GitHubPullRequestSource.of(connection).state(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pull request number must be positive, got 0");
    assertThat(github.requests()).isEmpty();
  }

  @Test
  void answerWithoutAState_orForAnotherNumber_isAProviderErrorNamingIt() {
    String example = Fixtures.api("get-pull.json");
    github.failNext(
        ScriptedServer.json(200, example.replace("\"state\": \"open\"", "\"state\": \"weird\"")));
    assertThatThrownBy(() -> GitHubPullRequestSource.of(connection).state(1347))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("\"weird\", not open or closed");

    github.failNext(ScriptedServer.json(200, example));
    assertThatThrownBy(() -> GitHubPullRequestSource.of(connection).state(7))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("for pull request 1347");
  }
}
