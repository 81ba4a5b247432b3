package dev.baton.oci;

import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.Tag;
import dev.baton.internal.Durations;
import dev.baton.internal.Numbers;
import dev.baton.internal.TooLargeException;
import dev.baton.internal.retry.BackoffStrategy;
import dev.baton.internal.retry.RetryAfter;
import dev.baton.internal.retry.Waits;
import dev.baton.oci.internal.Copier;
import dev.baton.oci.internal.Endpoints;
import dev.baton.oci.internal.HttpClients;
import dev.baton.oci.internal.Limits;
import dev.baton.oci.internal.Promoter;
import dev.baton.oci.internal.RegistryApi;
import dev.baton.oci.internal.RetryPolicy;
import dev.baton.oci.internal.Transport;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link ImageRegistry} for any registry that speaks the OCI Distribution API (GHCR, Docker Hub,
 * Harbor, Amazon ECR's OCI endpoint, distribution). Requests whose bodies are small and held whole
 * (manifests, mounts, tokens) go over the JDK's {@code HttpURLConnection}, which costs a promotion
 * batch far less CPU per request than {@code java.net.http}; blob streams go over {@code
 * java.net.http}, and so does every request when the caller gives its own client ({@link
 * Builder#httpClient}). Connections are kept alive across requests either way.
 *
 * <p>Promotion here is what the protocol allows at its cheapest, counting every request a fresh
 * process sends:
 *
 * <ul>
 *   <li>{@link #resolve}: one {@code GET} with all four manifest media types in one {@code Accept};
 *       the bytes are verified against the digest and kept in the result.
 *   <li>{@link #tag}: one {@code HEAD} of the target tag, then one {@code PUT} of the exact bytes
 *       with their own {@code Content-Type}, never re-serialised; so resolve + tag = 3 requests, 2
 *       when the image already carries its bytes, and a tag already naming the digest costs the
 *       HEAD and no write. An index is tagged whole by one PUT. The digest the registry reports
 *       after the PUT is checked.
 *   <li>{@link #currentDigest}: one {@code HEAD}, which is how {@link dev.baton.TagWriter} reads a
 *       tag back after writing it.
 *   <li>{@link #copy}: to another repository of the same registry by blob mounts (L+3 requests for
 *       L layers with the bytes held), to another registry by streaming blobs.
 * </ul>
 *
 * <p>Authentication: anonymous; Basic (sent pre-emptively once the registry has asked for it); the
 * Bearer token flow, tokens cached until shortly before expiry, one token covering both
 * repositories of a mount. Credentials come from a {@link CredentialsProvider}. Every request goes
 * over HTTPS with the JDK's certificate checks, except to loopback hosts and hosts named with
 * {@link Builder#plainHttp}. Connection failures, time-outs, 429 and 5xx are retried with
 * exponential backoff and jitter, honouring {@code Retry-After}; other 4xx never are.
 *
 * <p>Every request is bounded: its response headers within {@link Builder#requestTimeout} (60 s),
 * its body within {@link Builder#readTimeout} (60 s; a streamed blob gets one more second per MiB),
 * all its attempts and the waits between them within {@link Builder#operationTimeout} (5 minutes),
 * and a body read into memory (a manifest, a token) within {@link Builder#maxManifestBytes} (4
 * MiB). A registry that does not answer in time is an {@link dev.baton.OperationTimeoutException}
 * (retryable) naming the host and the limit; a body over its limit is refused before it is read
 * whole. Credentials a registry echoes in an error body are masked before the body is quoted.
 *
 * <p>Safe for concurrent use. Failures are {@link dev.baton.BatonException} subtypes naming the
 * registry, repository and reference.
 *
 * <pre>{@code
 * try (OciImageRegistry registry = OciImageRegistry.builder()
 *     .credentials(CredentialsProvider.of("ghcr.io", RegistryCredentials.of("ci", token)))
 *     .build()) {
 *   ResolvedImage build = registry.resolve(ImageReference.parse("ghcr.io/acme/shop:sha-0a1b2c3"))
 *       .orElseThrow();
 *   registry.tag(build, Tag.parse("1.2.3"));          // CREATED, then ALREADY_PRESENT
 * }
 * }</pre>
 */
public final class OciImageRegistry implements ImageRegistry, AutoCloseable {
  private final Promoter promoter;
  private final Copier copier;
  private final HttpClients http;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OciImageRegistry(Builder b, Waits waits) {
    http =
        b.httpClient == null ? HttpClients.owned(b.connectTimeout) : HttpClients.of(b.httpClient);
    RetryPolicy retry =
        new RetryPolicy(
            b.maxAttempts,
            BackoffStrategy.exponentialEqualJitter(b.baseBackoff, b.maxBackoff, waits.random()),
            new RetryAfter(b.maxRetryAfter, b.clock),
            waits.sleeper());
    Transport transport =
        Transport.create(
            http,
            b.credentials,
            new Endpoints(b.plainHttpHosts, b.plainHttpForLoopback),
            retry,
            b.clock,
            new Limits(b.requestTimeout, b.readTimeout, b.operationTimeout, b.maxManifestBytes));
    RegistryApi api = new RegistryApi(transport);
    this.promoter = new Promoter(api);
    this.copier = new Copier(api, promoter, retry);
  }

  /**
   * Whether a registry host is on this machine, which this registry reaches over plain HTTP unless
   * {@link Builder#plainHttpForLoopback(boolean)} turns that off: {@code localhost}, {@code
   * 127.0.0.0/8} and {@code [::1]}, by name or literal only (no DNS lookup is done).
   *
   * @param hostPort {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}, as in an
   *     image reference or a URL's authority
   * @return whether it is a loopback host
   */
  public static boolean isLoopback(String hostPort) {
    return Endpoints.isLoopback(Objects.requireNonNull(hostPort, "hostPort"));
  }

  /**
   * @return a builder with the defaults: anonymous, HTTPS, 4 attempts, a client of its own
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code GET}. With both a tag and a digest, the tag must name that digest, else the
   * result is empty. The result carries the manifest bytes, so tagging it needs no second read.
   *
   * @throws IllegalArgumentException when the reference has neither tag nor digest
   */
  @Override
  public Optional<ResolvedImage> resolve(ImageReference reference) {
    Objects.requireNonNull(reference, "reference");
    checkOpen();
    return promoter.resolve(reference);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code HEAD}, whose {@code Docker-Content-Digest} header is the answer; a registry that
   * leaves the header out costs a {@code GET} instead, its bytes hashed.
   *
   * @throws IllegalArgumentException when the reference has neither tag nor digest
   */
  @Override
  public Optional<Digest> currentDigest(ImageReference reference) {
    Objects.requireNonNull(reference, "reference");
    checkOpen();
    return promoter.currentDigest(reference);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The check and the write are two requests: OCI registries offer no compare-and-set, so a
   * writer racing between them can still move the tag.
   */
  @Override
  public TagResult tag(ResolvedImage image, Tag tag, TagPolicy policy) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(policy, "policy");
    checkOpen();
    return promoter.tag(image, tag, policy);
  }

  /**
   * {@link #copy(ResolvedImage, ImageReference, TagPolicy)} with {@link TagPolicy#NO_CLOBBER}.
   *
   * @param source an image resolved from any registry
   * @param target the repository and tag to copy it to
   * @return the image at the target, same digest
   */
  public ResolvedImage copy(ResolvedImage source, ImageReference target) {
    return copy(source, target, TagPolicy.NO_CLOBBER);
  }

  /**
   * Copies an image, whole and with its digest unchanged, to another repository. Within the same
   * registry no layer moves: blobs are mounted, and a registry that answers a mount with {@code
   * 202} (an upload session instead) fails the copy with a hint. Across registries, blobs the
   * target lacks are streamed, never held in memory. The children of an index are pushed by digest
   * before the index is pushed by tag. A target tag already naming the digest costs one {@code
   * HEAD} and no write.
   *
   * @param source an image resolved from any registry
   * @param target the repository and tag to copy to; a digest-only target is pushed by digest
   * @param policy what to do when the target tag names another digest
   * @return the image at the target, with its manifest bytes
   * @throws dev.baton.TagConflictException when the tag names another digest under NO_CLOBBER
   * @throws IllegalArgumentException when the target is pinned to a different digest
   */
  public ResolvedImage copy(ResolvedImage source, ImageReference target, TagPolicy policy) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(policy, "policy");
    checkOpen();
    boolean sameRepository =
        source.reference().apiHost().equalsIgnoreCase(target.apiHost())
            && source.reference().repository().equals(target.repository());
    if (sameRepository && target.tag().isPresent()) {
      promoter.tag(source, target.tag().get(), policy);
      ResolvedImage tagged =
          ResolvedImage.of(
              target.withoutDigest(), source.digest(), source.mediaType(), source.platforms());
      return source.manifest().map(tagged::withManifest).orElse(tagged);
    }
    if (sameRepository) {
      return source; // a digest is in its repository already
    }
    return copier.copy(source, target, policy);
  }

  /**
   * Stops the HTTP clients and their threads if this registry created them (so that they do not
   * hold up the JVM's exit); a client given to the builder is left open.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      http.close();
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("this OciImageRegistry is closed");
    }
  }

  /** The default wait for a response's headers ({@link Builder#requestTimeout}): 60 seconds. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The default time for a response's body once its headers are in ({@link Builder#readTimeout}):
   * 60 seconds.
   */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The default size limit of a body read into memory ({@link Builder#maxManifestBytes}): 4 MiB,
   * the OCI distribution specification's limit for a manifest.
   */
  public static final long DEFAULT_MAX_MANIFEST_BYTES = Limits.MAX_MANIFEST_BYTES;

  /** Settings for {@link OciImageRegistry}; every one is optional. Not thread-safe. */
  public static final class Builder {
    private HttpClient httpClient;
    private CredentialsProvider credentials = CredentialsProvider.anonymous();
    private final Set<String> plainHttpHosts = new LinkedHashSet<>();
    private boolean plainHttpForLoopback = true;
    private int maxAttempts = 4;
    private Duration baseBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private Duration maxRetryAfter = Duration.ofSeconds(30);
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration operationTimeout = Duration.ofMinutes(5);
    private long maxManifestBytes = DEFAULT_MAX_MANIFEST_BYTES;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Uses the caller's client for every request, which is never closed or shut down here. It
     * should not follow redirects by itself ({@code Redirect.NEVER}), so that credentials are not
     * forwarded to blob storage elsewhere.
     *
     * @param client the client
     * @return this
     */
    public Builder httpClient(HttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * @param provider where credentials come from; default anonymous
     * @return this
     */
    public Builder credentials(CredentialsProvider provider) {
      this.credentials = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * Allows plain HTTP to these hosts, credentials included. Use only on a network you trust.
     *
     * @param hosts {@code host} (any port) or {@code host:port}, as in image references
     * @return this
     */
    public Builder plainHttp(String... hosts) {
      for (String h : hosts) {
        if (h == null || h.isBlank() || h.contains("/")) {
          throw new IllegalArgumentException(
              "plainHttp takes host or host:port, got \"" + h + "\"");
        }
        plainHttpHosts.add(h);
      }
      return this;
    }

    /**
     * @param allowed whether loopback hosts ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]})
     *     use plain HTTP; default true, since nothing leaves the machine
     * @return this
     */
    public Builder plainHttpForLoopback(boolean allowed) {
      this.plainHttpForLoopback = allowed;
      return this;
    }

    /**
     * @param attempts attempts in total for one request, at least 1; default 4
     * @return this
     */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = (int) Numbers.positive(attempts, "maxAttempts");
      return this;
    }

    /**
     * @param base the delay before the first retry, doubled for each next one; default 200 ms
     * @param max the cap on that delay; default 5 s
     * @return this
     */
    public Builder retryBackoff(Duration base, Duration max) {
      this.baseBackoff = Durations.nonNegative(base, "base");
      this.maxBackoff = Durations.nonNegative(max, "max");
      return this;
    }

    /**
     * @param max the longest {@code Retry-After} waited for; a longer one fails the call at once
     *     with a retryable error; default 30 s
     * @return this
     */
    public Builder maxRetryAfter(Duration max) {
      this.maxRetryAfter = Durations.nonNegative(max, "maxRetryAfter");
      return this;
    }

    /**
     * @param timeout the time allowed for a response's headers to arrive; default 60 s
     * @return this
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Durations.positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * @param timeout the time allowed to read a response's body once its headers are in; a blob
     *     streamed between registries gets one more second per MiB of its size; default 60 s
     * @return this
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Durations.positive(timeout, "readTimeout");
      return this;
    }

    /**
     * @param timeout the time allowed for one request with all its attempts and the waits between
     *     them; an attempt gets no more than what is left, and a wait that would outlast it is not
     *     waited; default 5 minutes
     * @return this
     */
    public Builder operationTimeout(Duration timeout) {
      this.operationTimeout = Durations.positive(timeout, "operationTimeout");
      return this;
    }

    /**
     * @param bytes the largest response body read into memory (a manifest, a token); a larger one
     *     is refused before it is read whole, with a permanent error; at least 1024; default 4 MiB,
     *     the OCI distribution specification's limit for a manifest
     * @return this
     */
    public Builder maxManifestBytes(long bytes) {
      this.maxManifestBytes = TooLargeException.requireLimit(bytes, "maxManifestBytes");
      return this;
    }

    /**
     * @param timeout the connect timeout of the client this builder creates; default 10 s
     * @return this
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Durations.positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * @param clock the clock for token expiry and {@code Retry-After} dates; default UTC system
     * @return this
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @return the registry
     */
    public OciImageRegistry build() {
      return build(Waits.SYSTEM);
    }

    /** Tests record pauses instead of sleeping, and fix the jitter. */
    OciImageRegistry build(Waits waits) {
      return new OciImageRegistry(this, waits);
    }
  }
}
