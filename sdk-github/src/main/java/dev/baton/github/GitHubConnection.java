package dev.baton.github;

import dev.baton.ConfigurationException;
import dev.baton.Secret;
import dev.baton.github.internal.ActionsMask;
import dev.baton.github.internal.GitHubRestClient;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.internal.Durations;
import dev.baton.internal.Numbers;
import dev.baton.internal.TooLargeException;
import dev.baton.internal.retry.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and as whom the GitHub providers call the REST API: one repository, the API URL ({@code
 * https://api.github.com}, or {@code https://HOST/api/v3} for GitHub Enterprise Server) and a
 * token. Shared by {@link GitHubReleaseSource}, {@link GitHubDeploymentLedger} and {@link
 * GitHubApprovalGate}; immutable and safe for concurrent use.
 *
 * <pre>{@code
 * GitHubConnection github = GitHubConnection.builder("acme/shop").token(token).build();
 * // or, inside a GitHub Actions job (GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_TOKEN):
 * GitHubConnection github = GitHubConnection.fromEnvironment();
 * }</pre>
 *
 * <p>The token comes from {@link Builder#token(Secret)} or, when none is given, from the {@code
 * GITHUB_TOKEN} environment variable. When running in GitHub Actions ({@code GITHUB_ACTIONS=true})
 * the token is masked in the job log with {@code ::add-mask::}, written once to standard error,
 * which is how the runner is told; the token is never logged and never part of a message or {@code
 * toString()}.
 *
 * <p>{@link #close()} stops the HTTP client the connection created; a client given with {@link
 * Builder#httpClient} is never closed. The providers a connection is handed to never close it:
 * whoever built it does, after them.
 */
public final class GitHubConnection implements AutoCloseable {
  private static final Pattern REPOSITORY =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+");

  /** The public GitHub's API. */
  public static final URI PUBLIC_API = URI.create("https://api.github.com");

  /** The largest response body read by default, see {@link Builder#maxResponseBytes(long)}. */
  private static final long DEFAULT_MAX_RESPONSE_BYTES = 16L << 20;

  private final String repository;
  private final URI apiUrl;
  private final GitHubRestClient client;
  private final RuntimeEnvironment environment;

  private GitHubConnection(Builder b, Secret token) {
    this.repository = b.repository;
    this.apiUrl = b.apiUrl;
    this.environment = b.environment;
    this.client =
        new GitHubRestClient(
            new GitHubRestClient.Settings(
                b.apiUrl,
                token,
                b.httpClient,
                b.requestTimeout,
                b.readTimeout,
                b.callTimeout,
                b.maxResponseBytes,
                b.maxRetries,
                b.retryBackoff,
                b.maxRateLimitWait,
                b.waits,
                b.clock));
  }

  /**
   * @param repository {@code owner/name}
   * @return a builder for that repository
   * @throws IllegalArgumentException when the name is not {@code owner/name}
   */
  public static Builder builder(String repository) {
    return new Builder(repository, RuntimeEnvironment.system());
  }

  /**
   * The repository and API of the running GitHub Actions job: {@code GITHUB_REPOSITORY}, {@code
   * GITHUB_API_URL} and {@code GITHUB_TOKEN}.
   *
   * @return the connection
   * @throws ConfigurationException when {@code GITHUB_REPOSITORY} or the token is missing
   */
  public static GitHubConnection fromEnvironment() {
    return fromEnvironment(RuntimeEnvironment.system()).build();
  }

  static Builder fromEnvironment(RuntimeEnvironment env) {
    String repository =
        env.get(RuntimeEnvironment.GITHUB_REPOSITORY)
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "GITHUB_REPOSITORY is not set",
                        "run inside a GitHub Actions job, or use GitHubConnection.builder(\"owner/name\")"));
    Builder b = new Builder(repository, env);
    env.get(RuntimeEnvironment.GITHUB_API_URL).ifPresent(b::apiUrl);
    return b;
  }

  /** {@return {@code owner/name}} */
  public String repository() {
    return repository;
  }

  /** {@return the API root} */
  public URI apiUrl() {
    return apiUrl;
  }

  GitHubRestClient client() {
    return client;
  }

  RuntimeEnvironment environment() {
    return environment;
  }

  /** {@code /repos/owner/name}, the prefix of every repository path. */
  String repoPath() {
    return "/repos/" + repository;
  }

  /** Stops the HTTP client this connection created; a client given to the builder stays open. */
  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "GitHubConnection[" + repository + " at " + apiUrl + "]";
  }

  /** Builds a {@link GitHubConnection}. */
  public static final class Builder {
    private final String repository;
    private final RuntimeEnvironment environment;
    private URI apiUrl = PUBLIC_API;
    private Secret token;
    private HttpClient httpClient;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration callTimeout = Duration.ofMinutes(10);
    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private int maxRetries = 3;
    private Duration retryBackoff = Duration.ofSeconds(1);
    private Duration maxRateLimitWait = Duration.ofMinutes(5);
    private Waits waits = Waits.SYSTEM;
    private Clock clock = Clock.systemUTC();
    private ActionsMask mask = ActionsMask.system();

    Builder(String repository, RuntimeEnvironment environment) {
      Objects.requireNonNull(repository, "repository");
      if (!REPOSITORY.matcher(repository).matches()) {
        throw new IllegalArgumentException(
            "GitHub repository \"" + repository + "\" is not owner/name, e.g. acme/shop");
      }
      this.repository = repository;
      this.environment = environment;
    }

    /**
     * @param apiUrl the API root, e.g. {@code https://github.example.com/api/v3}
     * @return this
     */
    public Builder apiUrl(String apiUrl) {
      try {
        return apiUrl(URI.create(Objects.requireNonNull(apiUrl, "apiUrl")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("GitHub API URL \"" + apiUrl + "\" is not a URL", e);
      }
    }

    /**
     * @param apiUrl the API root, http or https
     * @return this
     */
    public Builder apiUrl(URI apiUrl) {
      Objects.requireNonNull(apiUrl, "apiUrl");
      if (!"https".equals(apiUrl.getScheme()) && !"http".equals(apiUrl.getScheme())) {
        throw new IllegalArgumentException(
            "GitHub API URL \"" + apiUrl + "\" must be http or https");
      }
      this.apiUrl = apiUrl;
      return this;
    }

    /**
     * @param token the token; without one, {@code GITHUB_TOKEN} is read
     * @return this
     */
    public Builder token(Secret token) {
      this.token = Objects.requireNonNull(token, "token");
      return this;
    }

    /**
     * @param httpClient a caller-owned client (proxy, TLS settings)
     * @return this
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * @param timeout the time allowed until a response's headers arrive; default 30 s
     * @return this
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Durations.positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * @param timeout the time allowed to read a response's body once its headers are in; a server
     *     that stalls or trickles fails the attempt as not answering in time; default 30 s
     * @return this
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Durations.positive(timeout, "readTimeout");
      return this;
    }

    /**
     * @param timeout the time allowed for one API call, every retry and wait (rate limits included)
     *     counted; a wait that would outlast it is not waited and the call fails, retryable;
     *     default 10 minutes
     * @return this
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Durations.positive(timeout, "callTimeout");
      return this;
    }

    /**
     * @param bytes the largest response body read into memory; a larger one is refused before it is
     *     read whole; at least 1024; default 16 MiB (a page of 100 releases with long notes fits)
     * @return this
     */
    public Builder maxResponseBytes(long bytes) {
      this.maxResponseBytes = TooLargeException.requireLimit(bytes, "maxResponseBytes");
      return this;
    }

    /**
     * @param maxRetries retries of one call on 5xx, I/O errors and rate limits; default 3
     * @return this
     */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = (int) Numbers.nonNegative(maxRetries, "maxRetries");
      return this;
    }

    /**
     * @param backoff the wait before the first retry of a 5xx, doubled each time; default 1 s
     * @return this
     */
    public Builder retryBackoff(Duration backoff) {
      this.retryBackoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * @param max the longest rate-limit wait to sit out before failing; default 5 min
     * @return this
     */
    public Builder maxRateLimitWait(Duration max) {
      this.maxRateLimitWait = Objects.requireNonNull(max, "max");
      return this;
    }

    Builder mask(ActionsMask mask) {
      this.mask = mask;
      return this;
    }

    /** Tests record pauses instead of sleeping, and fix the jitter. */
    Builder waits(Waits waits) {
      this.waits = Objects.requireNonNull(waits, "waits");
      return this;
    }

    /** Tests read rate-limit resets on their own clock. */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @return the connection
     * @throws ConfigurationException when no token was given and {@code GITHUB_TOKEN} is unset
     */
    public GitHubConnection build() {
      Secret t =
          Optional.ofNullable(token)
              .orElseGet(
                  () ->
                      environment
                          .get(RuntimeEnvironment.GITHUB_TOKEN)
                          .map(Secret::of)
                          .orElseThrow(
                              () ->
                                  new ConfigurationException(
                                      "no GitHub token for " + repository,
                                      "pass token(...) or set GITHUB_TOKEN (in a"
                                          + " workflow: env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }})")));
      mask.mask(t);
      return new GitHubConnection(this, t);
    }
  }
}
