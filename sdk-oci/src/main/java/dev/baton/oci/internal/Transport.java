package dev.baton.oci.internal;

import static dev.baton.internal.Durations.outlasts;
import static dev.baton.internal.Durations.shorter;

import dev.baton.AccessDeniedException;
import dev.baton.OperationCancelledException;
import dev.baton.OperationTimeoutException;
import dev.baton.ProviderException;
import dev.baton.Secret;
import dev.baton.internal.TooLargeException;
import dev.baton.internal.http.BoundedBodies;
import dev.baton.internal.redact.Redactor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends registry requests: picks the scheme, authenticates ({@link Authenticator}) and retries what
 * may pass on a second try ({@link RetryPolicy}), each request within its {@link Limits}: its
 * headers within {@code request}, its body within {@code read} and {@code maxBody}, and all its
 * attempts within {@code operation}. An error body is cut to 64 KiB and the credentials sent are
 * masked in it, since a server may echo them.
 *
 * <p>No request is sent that the operation does not need: there is no {@code GET /v2/} probe. The
 * first request to a host goes out anonymous; its {@code 401} challenge teaches the scheme, and
 * from then on Basic credentials go out pre-emptively and Bearer tokens come from the cache.
 */
public final class Transport {
  private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
  private static final String USER_AGENT = "baton-oci/0.1";
  private static final int MAX_ERROR_BODY = BoundedBodies.ERROR_BODY_BYTES;
  private static final int MAX_REDIRECTS = 5;

  private final HttpClients http;
  private final Endpoints endpoints;
  private final RetryPolicy retry;
  private final Limits limits;

  /** Set once by {@link #create}, before the transport is handed out; it calls back into this. */
  private Authenticator auth;

  /**
   * A request.
   *
   * @param site what it is about, for errors
   * @param method the HTTP method
   * @param path the path and query, starting with {@code /v2/}
   * @param headers extra headers
   * @param body the body, or {@code null} for none
   * @param scopes the token scopes it needs
   * @param action what it does, for errors ({@code "reading the manifest"})
   */
  public record Call(
      RequestSubject site,
      String method,
      String path,
      Map<String, String> headers,
      byte[] body,
      List<Scope> scopes,
      String action) {}

  /**
   * How the body of one attempt is read.
   *
   * @param <T> the body's type
   */
  @FunctionalInterface
  interface Body<T> {
    /**
     * @param deadline how long the body may take once the headers are in
     * @param mask masks the credentials sent in an error body
     * @return the handler for one attempt
     */
    BodyHandler<T> handler(Duration deadline, Supplier<Redactor> mask);
  }

  /**
   * One attempt of a request.
   *
   * @param <T> the body's type
   */
  @FunctionalInterface
  interface Attempt<T> {
    /**
     * @param uri where to send it
     * @param authorization the {@code Authorization} header's value, or null
     * @param headers the time allowed until the response's headers are in
     * @param reading the time allowed for the body once the headers are in
     * @param mask masks the credentials sent in an error body
     * @return the response
     * @throws IOException when no answer came, or its body broke a limit
     * @throws InterruptedException when the calling thread was interrupted
     */
    HttpResponse<T> send(
        URI uri, String authorization, Duration headers, Duration reading, Supplier<Redactor> mask)
        throws IOException, InterruptedException;
  }

  private Transport(HttpClients http, Endpoints endpoints, RetryPolicy retry, Limits limits) {
    this.http = http;
    this.endpoints = endpoints;
    this.retry = retry;
    this.limits = limits;
  }

  /**
   * A transport and its {@link Authenticator}, which sends token requests through it: the transport
   * is built whole first, then the authenticator is given it.
   *
   * @param http the clients, owned by the caller
   * @param credentials where credentials come from
   * @param endpoints the scheme rule
   * @param retry the retry rule, with its sleeper and {@code Retry-After} reading
   * @param clock the clock for token expiry
   * @param limits how long and how much each request may take
   * @return the transport
   */
  public static Transport create(
      HttpClients http,
      dev.baton.oci.CredentialsProvider credentials,
      Endpoints endpoints,
      RetryPolicy retry,
      Clock clock,
      Limits limits) {
    Transport transport = new Transport(http, endpoints, retry, limits);
    transport.auth = new Authenticator(credentials, endpoints, clock, transport);
    return transport;
  }

  /**
   * Sends a call and reads the whole body. Any status comes back; only failures to get an answer at
   * all (after retries) and refused authentication throw.
   *
   * @param call the request
   * @return the final response
   */
  public HttpResponse<byte[]> send(Call call) {
    return exchange(call, base(call), whole(call), true);
  }

  /**
   * Sends a GET and returns the body as a stream, following redirects itself (a blob is often
   * served from storage elsewhere) and dropping credentials when a redirect leaves the host.
   *
   * @param call a GET
   * @param size the body's size, when known from a descriptor; negative when unknown. The stream
   *     fails past it, and must arrive within {@link Limits#blob(long)}
   * @return the response; the caller closes its body
   */
  public HttpResponse<InputStream> open(Call call, long size) {
    Attempt<InputStream> stream =
        jdk(call, BodyPublishers::noBody, (deadline, mask) -> stream(size, mask));
    HttpResponse<InputStream> response = exchange(call, base(call), stream, true);
    for (int hop = 0; hop < MAX_REDIRECTS && isRedirect(response.statusCode()); hop++) {
      Optional<String> location = response.headers().firstValue("Location");
      drain(response.body());
      if (location.isEmpty()) {
        break;
      }
      URI next = response.uri().resolve(location.get());
      boolean sameHost =
          next.getAuthority() != null
              && next.getAuthority().equalsIgnoreCase(response.uri().getAuthority());
      if (sameHost) {
        response = exchange(call, next, stream, true);
      } else {
        // Storage URLs are pre-signed; sending the registry's credentials there would leak them.
        response = sendRetrying(call, next, null, stream, true);
      }
    }
    return response;
  }

  /**
   * Sends a call whose body can be read only once (a streamed blob). It is authenticated before the
   * body is sent, and is not retried here: the caller retries the whole transfer.
   *
   * @param call the request (its {@code body} is ignored)
   * @param uri the absolute URI to send to (an upload location)
   * @param body the one-shot body
   * @return the response
   */
  public HttpResponse<byte[]> sendOnce(Call call, URI uri, BodyPublisher body) {
    Authenticator.Auth a = auth.authorization(call.site().host(), call.scopes());
    return sendRetrying(call, uri, a.header(), jdk(call, () -> body, this::bytes), false);
  }

  /**
   * Sends a call to an absolute URI on the call's host (an upload {@code Location}).
   *
   * @param call the request
   * @param uri where to send it
   * @return the response
   */
  public HttpResponse<byte[]> sendTo(Call call, URI uri) {
    return exchange(call, uri, whole(call), true);
  }

  /**
   * An attempt that sends the call's body, if any, and reads the answer whole: over {@link
   * BlockingExchange} when the clients are our own, else over the caller's {@code java.net.http}
   * client.
   *
   * @param call the request
   * @return the attempt
   */
  Attempt<byte[]> whole(Call call) {
    BlockingExchange blocking = http.blocking();
    if (blocking == null) {
      Supplier<BodyPublisher> body =
          call.body() == null
              ? BodyPublishers::noBody
              : () -> BodyPublishers.ofByteArray(call.body());
      return jdk(call, body, this::bytes);
    }
    return (uri, authorization, headers, reading, mask) -> {
      Map<String, String> sent = new LinkedHashMap<>(call.headers());
      sent.put("User-Agent", USER_AGENT);
      if (authorization != null) {
        sent.put("Authorization", authorization);
      }
      BlockingExchange.Answer answer =
          (BlockingExchange.Answer)
              blocking.send(
                  call.method(),
                  uri,
                  sent,
                  call.body(),
                  headers,
                  reading,
                  limits.maxBody(),
                  MAX_ERROR_BODY);
      return answer.statusCode() / 100 == 2 ? answer : answer.withBody(masked(answer.body(), mask));
    };
  }

  /**
   * An attempt over {@code java.net.http}.
   *
   * @param call the request
   * @param body its body, made anew for each attempt
   * @param handler how the response's body is read
   * @param <T> the body's type
   * @return the attempt
   */
  private <T> Attempt<T> jdk(Call call, Supplier<BodyPublisher> body, Body<T> handler) {
    return (uri, authorization, headers, reading, mask) -> {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(uri)
              .timeout(headers)
              .header("User-Agent", USER_AGENT)
              .method(call.method(), body.get());
      call.headers().forEach(b::header);
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      return http.forUri(uri).send(b.build(), handler.handler(reading, mask));
    };
  }

  /**
   * The body of a response read whole: a 2xx body within {@link Limits#maxBody()}, any other cut to
   * 64 KiB with the credentials sent masked in it.
   *
   * @param deadline how long the body may take once the headers are in
   * @param mask masks the credentials sent
   * @return the handler
   */
  BodyHandler<byte[]> bytes(Duration deadline, Supplier<Redactor> mask) {
    BodyHandler<byte[]> bounded = BoundedBodies.bytes(limits.maxBody(), MAX_ERROR_BODY, deadline);
    return info ->
        info.statusCode() / 100 == 2
            ? bounded.apply(info)
            : BodySubscribers.mapping(bounded.apply(info), b -> masked(b, mask));
  }

  /** A 2xx body as a bounded stream; any other read whole, as {@link #bytes}, then streamed. */
  private BodyHandler<InputStream> stream(long size, Supplier<Redactor> mask) {
    BodyHandler<InputStream> bounded =
        BoundedBodies.stream(size < 0 ? BoundedBodies.UNLIMITED : size, limits.blob(size));
    BodyHandler<byte[]> error = bytes(limits.read(), mask);
    return info ->
        info.statusCode() / 100 == 2
            ? bounded.apply(info)
            : BodySubscribers.mapping(error.apply(info), ByteArrayInputStream::new);
  }

  private static byte[] masked(byte[] body, Supplier<Redactor> masks) {
    if (body.length == 0) {
      return body;
    }
    Redactor mask = masks.get();
    if (mask.size() == 0) {
      return body;
    }
    return mask.redact(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@link #maskFor}, made only when an error body needs it: most answers are 2xx, and a redactor
   * costs more to build than the request it would guard.
   */
  private static Supplier<Redactor> lazyMask(String authorization) {
    if (authorization == null) {
      return Redactor::none;
    }
    return new Supplier<>() {
      private volatile Redactor made;

      @Override
      public Redactor get() {
        Redactor m = made;
        if (m == null) {
          m = maskFor(authorization);
          made = m;
        }
        return m;
      }
    };
  }

  /**
   * @param authorization an {@code Authorization} header's value, or null
   * @return a redactor for its credential in every form: a Bearer token; a Basic token, the
   *     password in it, and their encodings
   */
  static Redactor maskFor(String authorization) {
    if (authorization == null || authorization.indexOf(' ') < 0) {
      return Redactor.none();
    }
    String credential = authorization.substring(authorization.indexOf(' ') + 1).strip();
    Redactor mask = Redactor.of(List.of(Secret.of(credential)));
    if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String pair = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon >= 0) {
          mask = mask.with(pair.substring(0, colon), Secret.of(pair.substring(colon + 1)));
        }
      } catch (IllegalArgumentException notBase64) {
        // the header's value as a whole is masked already
      }
    }
    return mask;
  }

  /**
   * @param host a registry API host
   * @return its base URI ({@code https://host} or {@code http://host})
   */
  public URI base(String host) {
    return endpoints.base(host);
  }

  private URI base(Call call) {
    return URI.create(endpoints.base(call.site().host()) + call.path());
  }

  /** The authentication loop: at most one challenge round for the scheme, one for a new token. */
  private <T> HttpResponse<T> exchange(Call call, URI uri, Attempt<T> attempt, boolean retryable) {
    String host = call.site().host();
    List<Scope> scopes = call.scopes();
    for (int round = 0; ; round++) {
      Authenticator.Auth sent = auth.authorization(host, scopes);
      HttpResponse<T> response = sendRetrying(call, uri, sent.header(), attempt, retryable);
      if (response.statusCode() != 401) {
        return response;
      }
      byte[] errorBody = bodyBytes(response);
      List<Challenge> challenges =
          Challenge.parseAll(response.headers().allValues("WWW-Authenticate"));
      if (round >= 2) {
        throw denied(call, errorBody, "the registry still answers 401 after authenticating");
      }
      List<Scope> more = auth.onChallenge(call, challenges, sent, errorBody);
      LinkedHashSet<Scope> union = new LinkedHashSet<>(scopes);
      union.addAll(more);
      scopes = new ArrayList<>(union);
    }
  }

  /**
   * One request with retries on connection failures, time-outs, 429 and 5xx, all of it within
   * {@link Limits#operation()}: an attempt gets no more than the time left, and a wait that would
   * outlast it is not waited.
   */
  <T> HttpResponse<T> sendRetrying(
      Call call, URI uri, String authorization, Attempt<T> send, boolean retryable) {
    int attempts = retryable ? retry.maxAttempts() : 1;
    Supplier<Redactor> mask = lazyMask(authorization);
    long deadline = System.nanoTime() + limits.operation().toNanos();
    for (int attempt = 1; ; attempt++) {
      Duration left = Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      Duration headers = shorter(limits.request(), left);
      Duration reading = shorter(limits.read(), left);
      HttpResponse<T> response;
      try {
        response = send.send(uri, authorization, headers, reading, mask);
      } catch (IOException e) {
        Optional<IOException> limit = BoundedBodies.limitIn(e);
        if (limit.isPresent() && limit.get() instanceof TooLargeException tooLarge) {
          throw tooLarge(call, uri, tooLarge);
        }
        Duration missed =
            limit
                .map(d -> ((BoundedBodies.DeadlineException) d).limit())
                .orElse(e instanceof HttpTimeoutException ? headers : null);
        boolean mayPass = !(e instanceof SSLException);
        Duration wait = attempt < attempts ? retry.backoff().delay(attempt) : null;
        boolean spent = wait != null && outlasts(wait, deadline);
        if (!mayPass || wait == null || spent) {
          throw missed != null
              ? notInTime(call, uri, e, missed, attempt, spent)
              : unreachable(call, uri, e, mayPass);
        }
        LOG.debug("{} {} failed ({}), attempt {} of {}", call.method(), uri, e, attempt, attempts);
        pause(call, wait);
        continue;
      } catch (InterruptedException e) {
        throw OperationCancelledException.interrupted(
            call.action() + " (" + call.site().describe() + ")", e);
      }
      int status = response.statusCode();
      LOG.debug("{} {} -> {}", call.method(), uri, status);
      if (attempt < attempts && RetryPolicy.isRetryableStatus(status)) {
        Optional<Duration> after =
            response.headers().firstValue("Retry-After").flatMap(retry.retryAfter()::parse);
        if (after.isPresent() && retry.retryAfter().exceedsMax(after.get())) {
          return response; // waiting that long is the caller's decision: fail, retryable
        }
        int failed = attempt;
        Duration wait = after.orElseGet(() -> retry.backoff().delay(failed));
        if (outlasts(wait, deadline)) {
          return response; // no time left for another attempt: fail, retryable
        }
        drain(response.body());
        pause(call, wait);
        continue;
      }
      return response;
    }
  }

  private void pause(Call call, Duration wait) {
    retry
        .sleeper()
        .sleepOrCancel(
            wait, "waiting to retry " + call.action() + " (" + call.site().describe() + ")");
  }

  private ProviderException unreachable(Call call, URI uri, IOException e, boolean retryable) {
    String hint =
        e instanceof SSLException
            ? "the TLS handshake with "
                + uri.getAuthority()
                + " failed: check its certificate, or, if"
                + " it serves plain HTTP on a trusted network, allow that with"
                + " OciImageRegistry.builder().plainHttp(\""
                + uri.getAuthority()
                + "\")"
            : e instanceof ConnectException
                ? "nothing answers at "
                    + uri.getScheme()
                    + "://"
                    + uri.getAuthority()
                    + ": check the registry host and port, and that it is running"
                : "check the network path to the registry, then try again";
    String message =
        call.action()
            + " failed ("
            + call.site().describe()
            + "): could not reach "
            + uri.getScheme()
            + "://"
            + uri.getAuthority()
            + ": "
            + e;
    return retryable
        ? ProviderException.retryable(message, hint, e)
        : ProviderException.permanent(message, hint, e);
  }

  /** A server that did not answer in time: retryable, naming the host and the limit. */
  private OperationTimeoutException notInTime(
      Call call, URI uri, IOException e, Duration missed, int attempts, boolean spent) {
    return new OperationTimeoutException(
        call.action()
            + " failed ("
            + call.site().describe()
            + "): "
            + uri.getScheme()
            + "://"
            + uri.getAuthority()
            + " did not answer in time: "
            + (BoundedBodies.limitIn(e).isPresent()
                ? "its response body did not arrive whole within " + missed
                : "no response headers within " + missed)
            + " ("
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + (spent ? ", and no time left of the " + limits.operation() + " for the request" : "")
            + ")",
        "the registry accepted the connection but stalled; check its health and the network"
            + " path, then try again (OciImageRegistry.builder().requestTimeout, readTimeout and"
            + " operationTimeout set the limits)",
        spent ? limits.operation() : missed,
        e);
  }

  /** A body over its limit: permanent, since the same request gets the same body. */
  private ProviderException tooLarge(Call call, URI uri, TooLargeException e) {
    return ProviderException.permanent(
        call.action()
            + " failed ("
            + call.site().describe()
            + "): the answer from "
            + uri.getAuthority()
            + " is larger than "
            + TooLargeException.describe(e.limit())
            + ", the limit; it was refused before being read whole",
        "OCI registries refuse manifests over 4 MiB; check that the reference names an image,"
            + " or raise OciImageRegistry.builder().maxManifestBytes(...)",
        e);
  }

  AccessDeniedException denied(Call call, byte[] body, String why) {
    List<String> errors = RegistryErrors.describe(body);
    return new AccessDeniedException(
        call.action()
            + " failed ("
            + call.site().describe()
            + "): "
            + why
            + (errors.isEmpty() ? "" : " (" + String.join("; ", errors) + ")"),
        RegistryErrors.accessHint(call.site().host()),
        null);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /**
   * @param response a response of either body kind
   * @return its body, at most 64 KiB of it for a stream (which is then closed)
   */
  public static byte[] bodyBytes(HttpResponse<?> response) {
    Object body = response.body();
    if (body instanceof byte[] bytes) {
      return bytes;
    }
    if (body instanceof InputStream in) {
      try (in) {
        return in.readNBytes(MAX_ERROR_BODY);
      } catch (IOException e) {
        return new byte[0];
      }
    }
    return new byte[0];
  }

  private static void drain(Object body) {
    if (body instanceof InputStream in) {
      try {
        in.close();
      } catch (IOException ignored) {
        // the connection is dropped instead of reused; nothing else to do
      }
    }
  }
}
