package dev.baton.github.internal;

import static dev.baton.internal.Durations.outlasts;
import static dev.baton.internal.Durations.shorter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.baton.NotFoundException;
import dev.baton.OperationCancelledException;
import dev.baton.OperationTimeoutException;
import dev.baton.ProviderException;
import dev.baton.Secret;
import dev.baton.internal.TooLargeException;
import dev.baton.internal.http.BoundedBodies;
import dev.baton.internal.http.GivenOrOwnedClient;
import dev.baton.internal.retry.BackoffStrategy;
import dev.baton.internal.retry.RetryAfter;
import dev.baton.internal.retry.Sleeper;
import dev.baton.internal.retry.Waits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small GitHub REST client on {@code java.net.http} and Jackson.
 *
 * <ul>
 *   <li>Base URL configurable ({@code https://api.github.com}, or {@code https://HOST/api/v3} for
 *       GitHub Enterprise Server); paths are appended to it.
 *   <li>Pagination follows {@code Link: <...>; rel="next"}, only to the base URL's own origin, so
 *       the token never travels elsewhere.
 *   <li>Rate limits: a 403/429 that is a primary or secondary limit is retried after the wait
 *       GitHub asks for ({@link RateLimit}), at most {@code maxRetries} times and only while the
 *       wait is within {@code maxRateLimitWait}; otherwise a retryable {@link ProviderException}.
 *   <li>5xx and I/O failures are retried with exponential back-off and full jitter, at most {@code
 *       maxRetries} times, for every method but POST: a POST that failed with a 5xx may have been
 *       applied, so the caller (which looks before it creates) decides.
 *   <li>Bounded: a response's headers within {@code requestTimeout}, its body within {@code
 *       readTimeout} and {@code maxResponseBytes} (error bodies are cut to 64 KiB), and one call,
 *       every retry and wait included, within {@code callTimeout}. A server that does not answer in
 *       time is an {@link OperationTimeoutException} (retryable) naming the host and the limit; a
 *       body over its limit is a permanent {@link ProviderException}, refused before it is read
 *       whole.
 * </ul>
 *
 * <p>The token is sent as {@code Authorization: Bearer}, never logged and never in a message. Safe
 * for concurrent use. {@link #close()} stops the HTTP client this client created; a client given in
 * its {@link Settings} is never closed.
 */
public final class GitHubRestClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GitHubRestClient.class);

  /** The REST API version this client speaks. */
  public static final String API_VERSION = "2022-11-28";

  /** The most bytes kept of an error body; the rest is dropped. */
  private static final long MAX_ERROR_BODY = 64 * 1024;

  private final ObjectMapper json = new ObjectMapper();
  private final Settings settings;
  private final String base;
  private final GivenOrOwnedClient owned;
  private final HttpClient http;
  private final BackoffStrategy backoff;
  private final RetryAfter rateLimitWait;
  private final Sleeper sleeper;

  /**
   * @param settings where and how to call
   */
  public GitHubRestClient(Settings settings) {
    this.settings = settings;
    String s = settings.baseUri().toString();
    this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    this.owned =
        new GivenOrOwnedClient(settings.httpClient(), "baton-github-http", Duration.ofSeconds(10));
    this.http = owned.client();
    // The doubling stops after ten retries, as it always has.
    this.backoff =
        BackoffStrategy.exponentialFullJitter(
            settings.retryBackoff(),
            settings.retryBackoff().multipliedBy(1L << 10),
            settings.waits().random());
    this.rateLimitWait = new RetryAfter(settings.maxRateLimitWait(), settings.clock());
    this.sleeper = settings.waits().sleeper();
  }

  /** Stops the HTTP client this client created; a client given in the settings is left open. */
  @Override
  public void close() {
    owned.close();
  }

  /** {@return the JSON mapper, for building request bodies} */
  public ObjectMapper json() {
    return json;
  }

  /**
   * @param path a path below the base URL, with its query, e.g. {@code /repos/o/r/releases}
   * @return the body
   * @throws NotFoundException on 404
   */
  public JsonNode get(String path) {
    return send("GET", path, null);
  }

  /**
   * @param path a path below the base URL
   * @return the body; empty on 404
   */
  public Optional<JsonNode> find(String path) {
    try {
      return Optional.of(get(path));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * @param path a path below the base URL
   * @param body the request body, serialised with Jackson
   * @return the response body
   */
  public JsonNode post(String path, Object body) {
    return send("POST", path, Objects.requireNonNull(body, "body"));
  }

  /**
   * @param path a path below the base URL
   * @param body the request body, serialised with Jackson
   * @return the response body
   */
  public JsonNode patch(String path, Object body) {
    return send("PATCH", path, Objects.requireNonNull(body, "body"));
  }

  /**
   * Every element of a paginated list, fetched page by page as the iteration goes, so a caller that
   * stops early fetches no further page.
   *
   * @param path a path below the base URL whose answer is a JSON array
   * @return the elements, in GitHub's order
   */
  public Iterable<JsonNode> list(String path) {
    return () -> new PageIterator(path);
  }

  /**
   * The first page of a paginated list only, one request whatever the list's length: for callers
   * that ask for the newest few ({@code per_page}) and need no more.
   *
   * @param path a path below the base URL whose answer is a JSON array, with its {@code per_page}
   * @return the page's elements, in GitHub's order
   */
  public java.util.List<JsonNode> firstPage(String path) {
    JsonNode body = get(path);
    if (!body.isArray()) {
      throw notAList(path, body);
    }
    java.util.List<JsonNode> out = new java.util.ArrayList<>(body.size());
    body.forEach(out::add);
    return out;
  }

  private static ProviderException notAList(String label, JsonNode body) {
    return ProviderException.permanent(
        "GitHub GET " + label + " answered with a " + body.getNodeType() + ", not a list", null);
  }

  /**
   * @param method the HTTP method
   * @param path a path below the base URL
   * @param body the body, or {@code null}
   * @return the parsed response body ({@link MissingNode} when empty)
   */
  public JsonNode send(String method, String path, Object body) {
    return exchange(method, resolve(path), path, body).body;
  }

  private URI resolve(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("GitHub API path \"" + path + "\" must start with /");
    }
    return URI.create(base + path);
  }

  private Parsed exchange(String method, URI uri, String label, Object body) {
    byte[] payload = body == null ? null : serialise(body);
    boolean idempotent = !method.equals("POST");
    long deadline = System.nanoTime() + settings.callTimeout().toNanos();
    int serverRetries = 0;
    int rateLimitRetries = 0;
    while (true) {
      GitHubResponse response;
      Duration left = Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      Duration headers = shorter(settings.requestTimeout(), left);
      Duration reading = shorter(settings.readTimeout(), left);
      try {
        response = once(method, uri, payload, headers, reading);
      } catch (IOException e) {
        Optional<IOException> limit = BoundedBodies.limitIn(e);
        if (limit.isPresent() && limit.get() instanceof TooLargeException tooLarge) {
          throw ProviderException.permanent(
              "GitHub "
                  + method
                  + " "
                  + label
                  + ": the answer from "
                  + settings.baseUri().getHost()
                  + " is larger than "
                  + TooLargeException.describe(tooLarge.limit())
                  + ", the limit; it was refused before being read whole",
              "raise GitHubConnection.builder().maxResponseBytes(...) if the API really answers"
                  + " that much, else check the API URL",
              e);
        }
        Duration missed =
            limit
                .map(d -> ((BoundedBodies.DeadlineException) d).limit())
                .orElse(e instanceof HttpTimeoutException ? headers : null);
        Duration wait =
            idempotent && serverRetries < settings.maxRetries() ? backoff(serverRetries) : null;
        if (wait != null && !outlasts(wait, deadline)) {
          serverRetries++;
          LOG.debug("GitHub {} {} failed ({}); retrying in {}", method, label, e.toString(), wait);
          pause(wait, method, label);
          continue;
        }
        if (missed != null) {
          throw new OperationTimeoutException(
              "GitHub "
                  + method
                  + " "
                  + label
                  + ": "
                  + settings.baseUri().getHost()
                  + " did not answer in time: "
                  + (limit.isPresent()
                      ? "its response body did not arrive whole within " + missed
                      : "no response headers within " + missed)
                  + " ("
                  + (serverRetries + 1)
                  + (serverRetries == 0 ? " attempt" : " attempts")
                  + ")",
              "check GitHub's status and the network path to "
                  + settings.baseUri().getHost()
                  + ", then run again",
              missed,
              e);
        }
        throw ProviderException.retryable(
            "GitHub " + method + " " + label + " failed: " + e.getMessage(),
            "check the network path to " + settings.baseUri().getHost() + " and the API URL",
            e);
      }
      JsonNode parsed = parse(response);
      LOG.debug("GitHub {} {} -> {}", method, label, response.status());
      if (response.isSuccess()) {
        return new Parsed(response, parsed);
      }
      Optional<Duration> limited = RateLimit.waitFor(response, parsed, rateLimitWait);
      if (limited.isPresent()) {
        Duration wait = limited.get();
        if (rateLimitRetries >= settings.maxRetries()
            || rateLimitWait.exceedsMax(wait)
            || outlasts(wait, deadline)) {
          throw ProviderException.retryable(
              "GitHub "
                  + method
                  + " "
                  + label
                  + " is rate limited for "
                  + wait.toSeconds()
                  + "s more: "
                  + GitHubErrors.describe(parsed),
              "wait and run again, or use a token with a higher rate limit (a GitHub App)",
              null);
        }
        rateLimitRetries++;
        LOG.info(
            "GitHub rate limit on {} {}: waiting {}s as asked", method, label, wait.toSeconds());
        pause(wait, method, label);
        continue;
      }
      if (response.status() >= 500
          && idempotent
          && serverRetries < settings.maxRetries()
          && !outlasts(backoff(serverRetries), deadline)) {
        Duration wait = backoff(serverRetries++);
        LOG.debug("GitHub {} {} -> {}; retrying in {}", method, label, response.status(), wait);
        pause(wait, method, label);
        continue;
      }
      throw GitHubErrors.of(method, label, response, parsed);
    }
  }

  private GitHubResponse once(
      String method, URI uri, byte[] payload, Duration headers, Duration reading)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(headers)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", API_VERSION)
            .header("User-Agent", "baton-sdk");
    request.header("Authorization", "Bearer " + settings.token().reveal());
    if (payload != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<byte[]> r =
          http.send(
              request.build(),
              BoundedBodies.bytes(settings.maxResponseBytes(), MAX_ERROR_BODY, reading));
      return new GitHubResponse(
          r.statusCode(), r.headers(), new String(r.body(), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      throw OperationCancelledException.interrupted("GitHub " + method + " " + uri.getPath(), e);
    }
  }

  private JsonNode parse(GitHubResponse response) {
    if (response.body() == null || response.body().isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return json.readTree(response.body());
    } catch (JsonProcessingException e) {
      if (!response.isSuccess()) {
        // An HTML error page from a proxy: the status says enough.
        return MissingNode.getInstance();
      }
      throw ProviderException.permanent(
          "GitHub answered " + response.status() + " with a body that is not JSON",
          "check the API URL (GitHub Enterprise Server" + " needs https://HOST/api/v3)",
          e);
    }
  }

  private byte[] serialise(Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("request body cannot be written as JSON", e);
    }
  }

  private Duration backoff(int retry) {
    return backoff.delay(retry + 1);
  }

  private void pause(Duration wait, String method, String label) {
    sleeper.sleepOrCancel(wait, "waiting to retry GitHub " + method + " " + label);
  }

  private record Parsed(GitHubResponse response, JsonNode body) {}

  /** Fetches the next page only when the current one is used up. */
  private final class PageIterator implements Iterator<JsonNode> {
    private URI next;
    private String label;
    private Iterator<JsonNode> page = java.util.Collections.emptyIterator();

    PageIterator(String path) {
      this.next = resolve(path);
      this.label = path;
    }

    @Override
    public boolean hasNext() {
      while (!page.hasNext() && next != null) {
        Parsed p = exchange("GET", next, label, null);
        if (!p.body.isArray()) {
          throw notAList(label, p.body);
        }
        page = p.body.iterator();
        next =
            LinkHeader.next(p.response.header("link").orElse(null))
                .map(this::sameOrigin)
                .orElse(null);
        if (next != null) {
          label = next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
        }
      }
      return page.hasNext();
    }

    @Override
    public JsonNode next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.next();
    }

    private URI sameOrigin(URI link) {
      boolean same =
          Objects.equals(link.getScheme(), settings.baseUri().getScheme())
              && Objects.equals(link.getHost(), settings.baseUri().getHost())
              && link.getPort() == settings.baseUri().getPort();
      if (!same) {
        throw ProviderException.permanent(
            "GitHub's next-page link points to "
                + link.getScheme()
                + "://"
                + link.getAuthority()
                + ", not to the API at "
                + settings.baseUri().getAuthority()
                + "; refusing to send the token there",
            "check the API URL",
            null);
      }
      return link;
    }
  }

  /**
   * The settings of a {@link GitHubRestClient}. {@code GitHubConnection}'s builder is where users
   * give them and where their defaults and checks live; this is how they reach the client.
   *
   * @param baseUri the API root, http or https
   * @param token the token, sent as {@code Authorization: Bearer}
   * @param httpClient a caller-owned client, never closed by the client built; or null for one of
   *     its own
   * @param requestTimeout the time allowed until a response's headers arrive
   * @param readTimeout the time allowed to read a response's body once its headers are in
   * @param callTimeout the time allowed for one call, every retry and wait included
   * @param maxResponseBytes the largest response body read
   * @param maxRetries retries of one call on 5xx, I/O errors and rate limits
   * @param retryBackoff the first retry's longest wait, doubled each time
   * @param maxRateLimitWait the longest rate-limit wait honoured before giving up
   * @param waits how to wait between retries and where the back-off's jitter comes from
   * @param clock the clock for rate-limit resets
   */
  public record Settings(
      URI baseUri,
      Secret token,
      HttpClient httpClient,
      Duration requestTimeout,
      Duration readTimeout,
      Duration callTimeout,
      long maxResponseBytes,
      int maxRetries,
      Duration retryBackoff,
      Duration maxRateLimitWait,
      Waits waits,
      Clock clock) {}
}
