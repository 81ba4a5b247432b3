package dev.baton.github;

import dev.baton.Secret;
import dev.baton.github.fake.FakeGitHub;
import dev.baton.github.internal.RuntimeEnvironment;
import java.time.Duration;
import java.util.Map;

/** Connections to a {@link FakeGitHub}, isolated from the process environment. */
final class Connections {
  private Connections() {}

  static GitHubConnection to(FakeGitHub github, Secret token) {
    return builder(github).token(token).build();
  }

  static GitHubConnection.Builder builder(FakeGitHub github) {
    return new GitHubConnection.Builder("acme/shop", RuntimeEnvironment.of(Map.of()))
        .apiUrl(github.apiUrl())
        .retryBackoff(Duration.ofMillis(10));
  }
}
