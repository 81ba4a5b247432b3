package dev.baton;

import dev.baton.internal.http.OwnedHttpClients;
import dev.baton.internal.retry.BackoffStrategy;
import dev.baton.internal.retry.Sleeper;
import dev.baton.internal.retry.Waits;
import dev.baton.spi.DeploymentVerifier;
import dev.baton.spi.VerificationRequest;
import dev.baton.spi.VerificationResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's health check: after a deploy, poll the environment URL's {@code /health}, then
 * {@code /healthz}, until one answers 2xx or the request's deadline passes (an
 * {@link OperationTimeoutException}). A deploy without a {@code url} output is
 * {@linkplain VerificationResult.Outcome#SKIPPED skipped}. The pause between rounds is jittered
 * between half the poll interval and all of it, so that many checks started together spread out.
 *
 * <pre>{@code
 * PromotionPipeline.builder()...verifier(HttpHealthVerifier.builder().build())
 * }</pre>
 *
 * <p>Safe for concurrent use. {@link #close()} stops the HTTP client the verifier created; a
 * client handed to the builder is never closed.
 */
public final class HttpHealthVerifier implements DeploymentVerifier, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpHealthVerifier.class);

  private final OwnedHttpClients owned;
  private final HttpClient client;
  private final List<String> paths;
  private final BackoffStrategy poll;
  private final Duration requestTimeout;
  private final Clock clock;
  private final Sleeper sleeper;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HttpHealthVerifier(Builder b) {
    if (b.client != null) {
      this.owned = null;
      this.client = b.client;
    } else {
      this.owned = new OwnedHttpClients("baton-health-http");
      this.client = owned.build(HttpClient.newBuilder().connectTimeout(b.requestTimeout)
          .followRedirects(HttpClient.Redirect.NORMAL));
    }
    this.paths = List.copyOf(b.paths);
    this.poll = BackoffStrategy.fixed(b.pollInterval, b.waits.random());
    this.requestTimeout = b.requestTimeout;
    this.clock = b.clock;
    this.sleeper = b.waits.sleeper();
  }

  /**
   * {@return a builder: paths {@code /health}, {@code /healthz}; poll every 5 s; 5 s per request}
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public VerificationResult verify(VerificationRequest request) {
    if (closed.get()) {
      throw new IllegalStateException("this HttpHealthVerifier is closed");
    }
    Optional<URI> url = request.outputs().url();
    if (url.isEmpty()) {
      return new VerificationResult(VerificationResult.Outcome.SKIPPED,
          "stack " + request.stack() + " has no url output to check");
    }
    Instant deadline = clock.instant().plus(request.timeout());
    String last = "no answer yet";
    for (int round = 1; ; round++) {
      for (String path : paths) {
        URI target = url.get().resolve(path);
        try {
          HttpResponse<Void> r = client.send(HttpRequest.newBuilder(target)
              .timeout(requestTimeout).GET().build(), HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() / 100 == 2) {
            return new VerificationResult(VerificationResult.Outcome.HEALTHY,
                target + " answered " + r.statusCode());
          }
          last = target + " answered " + r.statusCode();
        } catch (IOException e) {
          last = target + ": " + e;
        } catch (InterruptedException e) {
          throw OperationCancelledException.interrupted("health check of " + request.target(), e);
        }
        LOG.debug("health check of {}: {}", request.target(), last);
      }
      Duration pause = poll.delay(round);
      if (!clock.instant().plus(pause).isBefore(deadline)) {
        throw new OperationTimeoutException("health check of " + request.target() + " at "
            + url.get() + " did not answer 2xx; last: " + last, Hints.HEALTH_CHECK_TIMEOUT,
            request.timeout(), null);
      }
      try {
        sleeper.sleep(pause);
      } catch (InterruptedException e) {
        throw OperationCancelledException.interrupted("health check of " + request.target(), e);
      }
    }
  }

  /** Stops the HTTP client this verifier created; a client given to the builder is left open. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && owned != null) {
      owned.close();
    }
  }

  @Override
  public String toString() {
    return "HttpHealthVerifier" + paths;
  }

  /** Builds an {@link HttpHealthVerifier}. */
  public static final class Builder {
    private HttpClient client;
    private List<String> paths = List.of("health", "healthz");
    private Duration pollInterval = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();
    private Waits waits = Waits.SYSTEM;

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
     * @param interval the longest pause between rounds (jittered down to half)
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * @param timeout per request
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
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

    /** Tests record pauses instead of sleeping, and fix the jitter. */
    Builder waits(Waits waits) {
      this.waits = Objects.requireNonNull(waits, "waits");
      return this;
    }

    /** @return the verifier */
    public HttpHealthVerifier build() {
      return new HttpHealthVerifier(this);
    }
  }
}
