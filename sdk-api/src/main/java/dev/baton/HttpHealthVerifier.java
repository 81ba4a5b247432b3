package dev.baton;

import dev.baton.internal.Durations;
import dev.baton.internal.http.BoundedBodies;
import dev.baton.internal.http.GivenOrOwnedClient;
import dev.baton.internal.retry.BackoffStrategy;
import dev.baton.internal.retry.Poll;
import dev.baton.internal.retry.Sleeper;
import dev.baton.internal.retry.Waits;
import dev.baton.spi.DeploymentVerifier;
import dev.baton.spi.Progress;
import dev.baton.spi.VerificationRequest;
import dev.baton.spi.VerificationResult;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's health check: after a deploy, poll the environment URL's {@code /health}, then {@code
 * /healthz}, until one answers 2xx or the deadline passes (an {@link OperationTimeoutException}). A
 * deploy without a {@code url} output is {@linkplain VerificationResult.Outcome#SKIPPED skipped}.
 * The pause between rounds is jittered between half the poll interval and all of it, so that many
 * checks started together spread out.
 *
 * <pre>{@code
 * PromotionPipeline.builder()...verifier(HttpHealthVerifier.builder().build())
 * }</pre>
 *
 * <p>Every request is reported to the {@link Progress} sink as it is answered, one line each, e.g.
 * {@code GET https://shop.example.com/health -> 503 (attempt 3, 41 s left)}, or the connection
 * error in place of the status; the pipeline turns these lines into {@link PipelineEvent.Progress}
 * events. A round over the paths is one attempt. User information in the URL ({@code
 * user:password@}) is never printed.
 *
 * <p>A host name that does not resolve fails at once with a {@linkplain
 * ProviderException#permanent(String, String, Throwable) permanent} {@link ProviderException}
 * naming the host: waiting would not make a wrong URL right. A refused connection, a request
 * timeout or a non-2xx answer is retried until the deadline, as a service that is still starting
 * answers so.
 *
 * <p>Safe for concurrent use. {@link #close()} stops the HTTP client the verifier created; a client
 * handed to the builder is never closed.
 */
public final class HttpHealthVerifier implements DeploymentVerifier, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpHealthVerifier.class);

  /** How long one verification may take by default, see {@link Builder#timeout(Duration)}. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  /** How long one request may take by default, see {@link Builder#requestTimeout(Duration)}. */
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** The longest pause between rounds by default, see {@link Builder#pollInterval(Duration)}. */
  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

  /** The shortest a request is cut to near the deadline. */
  private static final Duration MIN_ATTEMPT = Duration.ofSeconds(1);

  private final GivenOrOwnedClient owned;
  private final HttpClient client;
  private final List<String> paths;
  private final Duration pollInterval;
  private final BackoffStrategy interval;
  private final Duration timeout;
  private final Duration requestTimeout;
  private final Clock clock;
  private final Sleeper sleeper;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HttpHealthVerifier(Builder b, Waits waits) {
    this.owned = new GivenOrOwnedClient(b.client, "baton-health-http", b.requestTimeout);
    this.client = owned.client();
    this.paths = List.copyOf(b.paths);
    this.pollInterval = b.pollInterval;
    this.interval = BackoffStrategy.fixed(b.pollInterval, waits.random());
    this.timeout = b.timeout;
    this.requestTimeout = b.requestTimeout;
    this.clock = b.clock;
    this.sleeper = waits.sleeper();
  }

  /**
   * A builder with the defaults: paths {@code /health}, {@code /healthz}; at most 5 minutes per
   * verification; 10 s per request; a pause of 2.5 to 5 s between rounds. See {@link
   * Builder#timeout(Duration)} for why.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Checks without reporting progress. */
  @Override
  public VerificationResult verify(VerificationRequest request) {
    return verify(request, Progress.NONE);
  }

  @Override
  public VerificationResult verify(VerificationRequest request, Progress progress) {
    Objects.requireNonNull(progress, "progress");
    if (closed.get()) {
      throw new IllegalStateException("this HttpHealthVerifier is closed");
    }
    Optional<URI> url = request.outputs().url();
    if (url.isEmpty()) {
      return new VerificationResult(
          VerificationResult.Outcome.SKIPPED,
          "stack " + request.stack() + " has no url output to check");
    }
    URI shown = withoutUserInfo(url.get());
    Duration budget = request.timeout().compareTo(timeout) < 0 ? request.timeout() : timeout;
    Poll poll = Poll.until(clock, budget, interval, sleeper, "health check of " + request.target());
    String last = null;
    while (true) {
      for (String path : paths) {
        Duration left = poll.left();
        if (left.compareTo(Duration.ZERO) <= 0 && last != null) {
          throw timedOut(request, shown, last, budget);
        }
        URI target = url.get().resolve(path);
        int status = 0;
        IOException failure = null;
        Duration attempt = attemptTimeout(left);
        try {
          status =
              client
                  .send(
                      HttpRequest.newBuilder(target).timeout(attempt).GET().build(),
                      BoundedBodies.discarding(attempt))
                  .statusCode();
        } catch (IOException e) {
          failure = e;
        } catch (InterruptedException e) {
          throw OperationCancelledException.interrupted("health check of " + request.target(), e);
        }
        last =
            report(
                progress,
                request,
                shown.resolve(path),
                failure == null ? String.valueOf(status) : describe(failure, target, attempt),
                poll);
        if (failure == null && status / 100 == 2) {
          return new VerificationResult(
              VerificationResult.Outcome.HEALTHY, shown.resolve(path) + " answered " + status);
        }
        if (failure != null && unresolved(failure)) {
          throw ProviderException.permanent(
              "health check of "
                  + request.target()
                  + ": the host "
                  + target.getHost()
                  + " of the stack's url output "
                  + shown
                  + " does not resolve",
              Hints.HEALTH_CHECK_UNKNOWN_HOST,
              failure);
        }
      }
      if (!poll.pauseWhole()) {
        throw timedOut(request, shown, last, budget);
      }
    }
  }

  /**
   * The request's own timeout, cut to what is left of the deadline but to no less than a second, so
   * that the last attempt still gets a real answer rather than a timeout of its own making.
   */
  private Duration attemptTimeout(Duration left) {
    Duration floor = requestTimeout.compareTo(MIN_ATTEMPT) < 0 ? requestTimeout : MIN_ATTEMPT;
    return left.compareTo(floor) < 0
        ? floor
        : left.compareTo(requestTimeout) < 0 ? left : requestTimeout;
  }

  /** Reports one answered request; returns what it reported, without the counters. */
  private String report(
      Progress progress, VerificationRequest request, URI shown, String answer, Poll poll) {
    long left = Math.max(0, poll.left().toSeconds());
    String line = "GET " + shown + " -> " + answer;
    progress.line(line + " (attempt " + poll.round() + ", " + left + " s left)");
    LOG.debug("health check of {}: {}", request.target(), line);
    return line;
  }

  private static OperationTimeoutException timedOut(
      VerificationRequest request, URI shown, String last, Duration budget) {
    return new OperationTimeoutException(
        "health check of "
            + request.target()
            + " at "
            + shown
            + " did not answer 2xx; last: "
            + last,
        Hints.HEALTH_CHECK_TIMEOUT,
        budget,
        null);
  }

  /** What went wrong with a request, in a few words, without the URL. */
  private static String describe(IOException e, URI target, Duration limit) {
    if (unresolved(e)) {
      return "unknown host " + target.getHost();
    }
    if (e instanceof HttpTimeoutException) {
      return "did not answer in time (no response within " + limit + ")";
    }
    if (BoundedBodies.limitIn(e).isPresent()) {
      return "did not answer in time (the body did not arrive whole within " + limit + ")";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String why =
        e.getMessage() != null
            ? ": " + e.getMessage()
            : root != e ? " (" + root.getClass().getSimpleName() + ")" : "";
    return e.getClass().getSimpleName() + why;
  }

  /** Whether the request failed because the host name has no address. */
  private static boolean unresolved(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnknownHostException
          || t instanceof UnresolvedAddressException
          || (t.getMessage() != null
              && t.getMessage().toLowerCase(Locale.ROOT).contains("no such host"))) {
        return true;
      }
    }
    return false;
  }

  /** The URL as it may be printed: without {@code user:password@}. */
  static URI withoutUserInfo(URI url) {
    String userInfo = url.getRawUserInfo();
    if (userInfo == null) {
      return url;
    }
    String s = url.toString();
    int at = s.indexOf(userInfo + "@");
    return URI.create(s.substring(0, at) + s.substring(at + userInfo.length() + 1));
  }

  /** Stops the HTTP client this verifier created; a client given to the builder is left open. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      owned.close();
    }
  }

  @Override
  public String toString() {
    return "HttpHealthVerifier[paths="
        + paths
        + ", timeout="
        + timeout
        + ", requestTimeout="
        + requestTimeout
        + ", pollInterval="
        + pollInterval
        + "]";
  }

  /**
   * Builds an {@link HttpHealthVerifier}. The defaults, chosen for a service that should start
   * within a few minutes of its deploy:
   *
   * <ul>
   *   <li>{@link #timeout(Duration) timeout}: <b>5 minutes</b> per verification, or the request's
   *       own timeout (the pipeline's {@code verifyTimeout}) if that is shorter;
   *   <li>{@link #requestTimeout(Duration) requestTimeout}: <b>10 s</b> per request, to connect,
   *       and again to read the body;
   *   <li>{@link #pollInterval(Duration) pollInterval}: <b>5 s</b>, jittered down to 2.5 s;
   *   <li>{@link #paths(String...) paths}: {@code health}, then {@code healthz}.
   * </ul>
   */
  public static final class Builder {
    private HttpClient client;
    private List<String> paths = List.of("health", "healthz");
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * @param client a caller-owned client, never closed by the verifier
     * @return this builder
     */
    public Builder client(HttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * @param paths paths tried in order, relative to the URL ({@code health}, {@code healthz})
     * @return this
     */
    public Builder paths(String... paths) {
      if (paths.length == 0) {
        throw new IllegalArgumentException("at least one health path is needed");
      }
      this.paths = List.of(paths);
      return this;
    }

    /**
     * @param interval the longest pause between rounds (jittered down to half); 5 s by default
     * @return this
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * How long one verification may take before it fails with an {@link OperationTimeoutException};
     * 5 minutes by default. The request's own timeout (the pipeline's {@code verifyTimeout}, 10
     * minutes unless set) still bounds it: the shorter of the two applies, so a pipeline or
     * environment deadline is never overrun.
     *
     * <p>Why 5 minutes: a container that passed its build usually answers its health path within a
     * minute or two of the deploy (image pull, start, load-balancer registration); one that has not
     * answered in 5 minutes is almost always broken (a crash loop, a wrong port or path), and
     * waiting the pipeline's 10 minutes only delays the failure. Raise it for services that warm up
     * slowly.
     *
     * @param timeout positive
     * @return this
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Durations.positive(timeout, "timeout");
      return this;
    }

    /**
     * How long one request may take, connecting included; 10 s by default, a few times what a
     * healthy service needs under load, and short enough that a silent host costs only a few
     * attempts of the 5 minutes. The same time again is allowed for the response's body once its
     * headers are in, so a server that stalls or trickles after its headers fails the attempt ("did
     * not answer in time") instead of holding the check past its deadline. Near the verification's
     * deadline a request is cut to the time left, but to no less than a second.
     *
     * @param timeout per request
     * @return this
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Durations.positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * @param clock the clock deadlines are measured on
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @return the verifier
     */
    public HttpHealthVerifier build() {
      return build(Waits.SYSTEM);
    }

    /** Tests record pauses instead of sleeping, and fix the jitter. */
    HttpHealthVerifier build(Waits waits) {
      return new HttpHealthVerifier(this, waits);
    }
  }
}
