package dev.baton.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AccessDeniedException;
import dev.baton.CommitSha;
import dev.baton.Secret;
import dev.baton.github.fake.FakeGitHub;
import dev.baton.github.fake.Fixtures;
import dev.baton.github.fake.ScriptedServer;
import dev.baton.spi.CommitOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GitHubCommitHistory} against the fake GitHub, whose compare answers are GitHub's
 * documented example ({@code compare-commits.json}) with the status computed from a seeded graph:
 *
 * <pre>
 *   c1 - c2 - c3        main
 *          \
 *           f1          feature
 * </pre>
 *
 * <p>The answers every history gives are checked by {@link GitHubCommitHistoryContractTest}; these
 * are the API's own cases: the request made, GitHub's statuses, the cache, and failures.
 */
class GitHubCommitHistoryTest {
  static final Secret TOKEN = Secret.of("ghs_compare0token");
  static final CommitSha C1 = sha('1');
  static final CommitSha C2 = sha('2');
  static final CommitSha C3 = sha('3');
  static final CommitSha F1 = sha('f');
  static final CommitSha MISSING = sha('9');

  FakeGitHub github;
  GitHubConnection connection;

  static CommitSha sha(char c) {
    return CommitSha.parse(String.valueOf(c).repeat(40));
  }

  @BeforeEach
  void start() {
    github = FakeGitHub.start("acme/shop", TOKEN);
    github.commit(C1.value());
    github.commit(C2.value(), C1.value());
    github.commit(C3.value(), C2.value());
    github.commit(F1.value(), C2.value());
    connection = Connections.to(github, TOKEN);
  }

  @AfterEach
  void stop() {
    connection.close();
    github.close();
  }

  @Test
  void asksForBaseDotDotDotHead_onePageOfOneCommit() {
    GitHubCommitHistory.of(connection).compare(C1, C3);

    assertThat(github.requests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.method()).isEqualTo("GET");
              assertThat(r.path())
                  .isEqualTo("/repos/acme/shop/compare/" + C1 + "..." + C3 + "?per_page=1");
            });
  }

  @Test
  void documentedExample_headBehindBase_meansTheBaseIsNewer() {
    // GitHub's own example compares master...topic with status "behind": topic is behind master,
    // so master (the base, compared first) is the newer one.
    github.failNext(ScriptedServer.json(200, Fixtures.api("compare-commits.json")));

    assertThat(GitHubCommitHistory.of(connection).compare(C3, F1)).isEqualTo(CommitOrder.NEWER);
  }

  @Test
  void everyStatus_mapsToItsOrder() {
    String example = Fixtures.api("compare-commits.json");
    GitHubCommitHistory history = GitHubCommitHistory.of(connection);
    String[][] cases = {
      {"identical", "SAME"}, {"ahead", "OLDER"}, {"behind", "NEWER"}, {"diverged", "DIVERGED"}
    };
    int i = 0;
    for (String[] c : cases) {
      github.failNext(
          ScriptedServer.json(
              200, example.replace("\"status\": \"behind\"", "\"status\": \"" + c[0] + "\"")));
      CommitSha other = sha((char) ('a' + i++));
      assertThat(history.compare(C1, other)).as(c[0]).isEqualTo(CommitOrder.valueOf(c[1]));
    }
  }

  @Test
  void unknownStatus_isUnknown() {
    github.failNext(
        ScriptedServer.json(
            200,
            Fixtures.api("compare-commits.json")
                .replace("\"status\": \"behind\"", "\"status\": \"sideways\"")));

    assertThat(GitHubCommitHistory.of(connection).compare(C1, C3)).isEqualTo(CommitOrder.UNKNOWN);
  }

  @Test
  void commitGitHubDoesNotKnow_404_isUnknown_andAskedAgainLater() {
    GitHubCommitHistory history = GitHubCommitHistory.of(connection);

    assertThat(history.compare(MISSING, C3)).isEqualTo(CommitOrder.UNKNOWN);
    github.commit(MISSING.value(), C3.value());
    assertThat(history.compare(MISSING, C3)).isEqualTo(CommitOrder.NEWER);
    assertThat(github.requests()).hasSize(2);
  }

  @Test
  void answers_areKeptBothWays() {
    GitHubCommitHistory history = GitHubCommitHistory.of(connection);

    assertThat(history.compare(C1, C3)).isEqualTo(CommitOrder.OLDER);
    assertThat(history.compare(C1, C3)).isEqualTo(CommitOrder.OLDER);
    assertThat(history.compare(C3, C1)).isEqualTo(CommitOrder.NEWER);
    assertThat(github.requests()).hasSize(1);
  }

  @Test
  void cache_isBounded_leastRecentlyUsedDroppedFirst() {
    GitHubCommitHistory history = GitHubCommitHistory.of(connection, 4);

    history.compare(C1, C2);
    history.compare(C2, C3);
    history.compare(C1, C2); // used again: C2...C3 is now the least recently used
    history.compare(C3, F1); // a third answer: C2...C3 is dropped
    history.compare(C1, C2);
    history.compare(C2, C3);

    assertThat(github.requests())
        .extracting(ScriptedServer.Request::path)
        .containsExactly(
            "/repos/acme/shop/compare/" + C1 + "..." + C2 + "?per_page=1",
            "/repos/acme/shop/compare/" + C2 + "..." + C3 + "?per_page=1",
            "/repos/acme/shop/compare/" + C3 + "..." + F1 + "?per_page=1",
            "/repos/acme/shop/compare/" + C2 + "..." + C3 + "?per_page=1");
  }

  @Test
  void cacheSize_belowTwo_isRefused() {
    assertThatThrownBy(() -> GitHubCommitHistory.of(connection, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2");
  }

  @Test
  void otherFailures_areThrown_notUnknown() {
    github.failNext(ScriptedServer.json(403, Fixtures.api("error-forbidden.json")));

    assertThatThrownBy(() -> GitHubCommitHistory.of(connection).compare(C1, C3))
        .isInstanceOf(AccessDeniedException.class);
  }
}
