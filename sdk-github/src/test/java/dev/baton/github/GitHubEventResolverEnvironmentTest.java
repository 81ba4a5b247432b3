package dev.baton.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ConfigurationException;
import dev.baton.Environments;
import dev.baton.PullRequestTrigger;
import dev.baton.github.internal.RuntimeEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GitHubEventResolver#currentEvent()} as a GitHub Actions job sees it. */
class GitHubEventResolverEnvironmentTest {
  final GitHubEventResolver resolver = GitHubEventResolver.builder(Environments.standard()).build();

  @Test
  void currentEvent_readsNamePayloadFileAndGithubSha(@TempDir Path dir) throws Exception {
    Path payload =
        eventFile(
            dir,
            Webhooks.derive(
                "pull_request/opened.1.json", root -> Webhooks.addLabel(root, "deploy")));
    RuntimeEnvironment env =
        actions("pull_request", payload, "1111111111111111111111111111111111111111");

    GitHubEvent event = resolver.currentEvent(env);

    PullRequestTrigger t = (PullRequestTrigger) event.trigger().orElseThrow();
    assertThat(t.commit()).isEqualTo(GitHubEventResolverTest.WORKFLOW_SHA);
    assertThat(resolver.resolve(event).orElseThrow().selections()).hasSize(1);
  }

  @Test
  void currentEvent_outsideActions_throwsNamingTheVariable() {
    assertCurrentEventFails(
        RuntimeEnvironment.of(Map.of()),
        ConfigurationException.class,
        "GITHUB_EVENT_NAME is not set");
  }

  @Test
  void currentEvent_missingPayloadFile_throwsNamingThePath(@TempDir Path dir) {
    assertCurrentEventFails(
        actions("push", dir.resolve("absent.json"), null),
        MalformedPayloadException.class,
        "absent.json");
  }

  @Test
  void currentEvent_badGithubSha_throwsQuotingIt(@TempDir Path dir) throws Exception {
    Path payload = eventFile(dir, Webhooks.bytes("push/branch-created.0.json"));

    assertCurrentEventFails(
        actions("push", payload, "abc"), ConfigurationException.class, "GITHUB_SHA \"abc\"");
  }

  @Test
  void event_fromPayloadFile_readsIt(@TempDir Path dir) throws Exception {
    Path payload = eventFile(dir, Webhooks.bytes("push/branch-created.1.json"));

    assertThat(resolver.event("push", payload).trigger()).isPresent();
  }

  private void assertCurrentEventFails(
      RuntimeEnvironment env, Class<? extends Exception> type, String quoted) {
    assertThatThrownBy(() -> resolver.currentEvent(env))
        .isInstanceOf(type)
        .hasMessageContaining(quoted);
  }

  /** The payload written where the runner puts it, as {@code GITHUB_EVENT_PATH} names it. */
  private static Path eventFile(Path dir, byte[] payload) throws IOException {
    return Files.write(dir.resolve("event.json"), payload);
  }

  /** What a job's environment says of its event; {@code githubSha} null leaves GITHUB_SHA unset. */
  private static RuntimeEnvironment actions(String eventName, Path payload, String githubSha) {
    Map<String, String> env = new HashMap<>();
    env.put("GITHUB_EVENT_NAME", eventName);
    env.put("GITHUB_EVENT_PATH", payload.toString());
    if (githubSha != null) {
      env.put("GITHUB_SHA", githubSha);
    }
    return RuntimeEnvironment.of(env);
  }
}
