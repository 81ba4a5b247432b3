package dev.baton.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import dev.baton.Environments;
import dev.baton.ReleaseVersion;
import dev.baton.Secret;
import dev.baton.github.fake.FakeGitHub;
import dev.baton.github.internal.ActionsMask;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.spi.Resolution;
import dev.baton.spi.Selection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link GitHubConnection} from a GitHub Actions environment, and the providers wired on it. */
class GitHubConnectionTest {
  static final Secret TOKEN = Secret.of("ghs_connectionTOKEN0123456789");

  final FakeGitHub github = FakeGitHub.start("acme/shop", TOKEN);
  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

  @AfterEach
  void stop() {
    github.close();
  }

  RuntimeEnvironment actions(Map<String, String> extra) {
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "GITHUB_ACTIONS",
                "true",
                "GITHUB_REPOSITORY",
                "acme/shop",
                "GITHUB_API_URL",
                github.apiUrl().toString(),
                "GITHUB_TOKEN",
                TOKEN.reveal()));
    env.putAll(extra);
    return RuntimeEnvironment.of(env);
  }

  @Test
  void fromEnvironment_inActions_usesRepositoryApiUrlAndTokenAndMasksTheToken() {
    RuntimeEnvironment env = actions(Map.of());
    GitHubConnection c =
        GitHubConnection.fromEnvironment(env)
            .mask(new ActionsMask(new PrintStream(stdout, true, StandardCharsets.UTF_8), env))
            .build();
    github.tag("1.0.0", "cccccccccccccccccccccccccccccccccccccccc");

    assertThat(GitHubReleaseSource.builder(c).build().commitOf(ReleaseVersion.parse("1.0.0")))
        .isPresent();
    assertThat(c.repository()).isEqualTo("acme/shop");
    assertThat(c.apiUrl()).isEqualTo(github.apiUrl());
    assertThat(stdout.toString(StandardCharsets.UTF_8))
        .isEqualTo("::add-mask::" + TOKEN.reveal() + System.lineSeparator());
    assertThat(c.toString()).doesNotContain(TOKEN.reveal());
  }

  @Test
  void fromEnvironment_withoutToken_throwsNamingGithubToken() {
    Map<String, String> env = Map.of("GITHUB_REPOSITORY", "acme/shop");

    assertThatThrownBy(() -> GitHubConnection.fromEnvironment(RuntimeEnvironment.of(env)).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no GitHub token for acme/shop")
        .satisfies(e -> assertThat(((ConfigurationException) e).hint()).contains("GITHUB_TOKEN"));
  }

  @Test
  void fromEnvironment_withoutRepository_throwsNamingIt() {
    assertThatThrownBy(() -> GitHubConnection.fromEnvironment(RuntimeEnvironment.of(Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("GITHUB_REPOSITORY");
  }

  @Test
  void builder_badRepositoryOrUrl_isRejectedQuotingIt() {
    assertThatThrownBy(() -> GitHubConnection.builder("acme"))
        .hasMessageContaining("\"acme\" is not owner/name");
    assertThatThrownBy(() -> GitHubConnection.builder("acme/shop").apiUrl("not a url"))
        .hasMessageContaining("\"not a url\"");
  }

  @Test
  void resolver_publishedReleaseEvent_resolvesTheTagThroughTheGitRefsApi() {
    // The vendored release/published.0 payload names tag 0.0.1 and target_commitish "master";
    // in the repository, 0.0.1 is an annotated tag of another commit, and master has moved on.
    CommitSha tagged = CommitSha.parse("c3d0be41ecbe669545ee3e94d31ed9a4bc91ee3c");
    github.annotatedTag("0.0.1", "940bd336248efae0f9ee5bc7b2d5c985887b16ac", tagged.value());
    github.branch("master", "dddddddddddddddddddddddddddddddddddddddd");
    GitHubEventResolver resolver =
        GitHubEventResolver.builder(Environments.standard())
            .releaseSource(GitHubReleaseSource.builder(Connections.to(github, TOKEN)).build())
            .build();

    Resolution r =
        resolver
            .resolve(resolver.event("release", Webhooks.bytes("release/published.0.json")))
            .orElseThrow();

    assertThat(r.selections())
        .hasSize(2)
        .allSatisfy(s -> assertThat(((Selection.DeployRelease) s).commit()).isEqualTo(tagged));
    assertThat(github.requests())
        .extracting(ScriptedRequestPath::of)
        .containsExactly(
            "GET /repos/acme/shop/git/ref/tags/0.0.1",
            "GET /repos/acme/shop/git/tags/940bd336248efae0f9ee5bc7b2d5c985887b16ac");
  }

  /** Formats a recorded request for comparison. */
  static final class ScriptedRequestPath {
    static String of(dev.baton.github.fake.ScriptedServer.Request r) {
      return r.method() + " " + r.path();
    }
  }

  @Test
  void aTimeoutThatIsNotPositive_isRefusedWhenBuilding_notOnEveryCall() {
    assertThatThrownBy(
            () -> GitHubConnection.builder("acme/shop").requestTimeout(java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestTimeout");
  }
}
