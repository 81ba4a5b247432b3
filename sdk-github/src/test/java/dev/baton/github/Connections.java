package dev.baton.github;

import dev.baton.Secret;
import dev.baton.github.fake.FakeGitHub;
import dev.baton.github.internal.GitHubRestClient;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.internal.retry.Waits;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Connections for tests, isolated from the process environment: to a {@link FakeGitHub}, or to any
 * API URL for the REST client's own tests, which configure it as users do, through the connection's
 * builder.
 */
// Public for the REST client's tests in the internal package; the test classes are not a module
// API.
@SuppressWarnings("exports")
public final class Connections {
  private Connections() {}

  static GitHubConnection to(FakeGitHub github, Secret token) {
    return builder(github).token(token).build();
  }

  static GitHubConnection.Builder builder(FakeGitHub github) {
    return isolated().apiUrl(github.apiUrl()).retryBackoff(Duration.ofMillis(10));
  }

  /**
   * @param apiUrl the API root
   * @param waits how the client waits between retries
   * @param clock the clock it reads rate-limit resets on
   * @return a connection builder for {@code acme/shop} at that API, with no token yet
   */
  public static GitHubConnection.Builder builder(URI apiUrl, Waits waits, Clock clock) {
    return isolated().apiUrl(apiUrl).waits(waits).clock(clock);
  }

  /**
   * @param builder the connection's settings
   * @return the REST client of the connection built; closing it closes the connection's client
   */
  public static GitHubRestClient restClient(GitHubConnection.Builder builder) {
    return builder.build().client();
  }

  private static GitHubConnection.Builder isolated() {
    return new GitHubConnection.Builder("acme/shop", RuntimeEnvironment.of(Map.of()));
  }
}
