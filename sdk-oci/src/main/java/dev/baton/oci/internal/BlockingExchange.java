package dev.baton.oci.internal;

import static dev.baton.internal.Durations.shorter;

import dev.baton.internal.DaemonTimer;
import dev.baton.internal.TooLargeException;
import dev.baton.internal.http.BoundedBodies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;

/**
 * One registry request whose body, if any, is held whole and whose answer is read whole (a manifest
 * {@code GET}, {@code HEAD} or {@code PUT}, a mount, a token), sent over the JDK's {@link
 * HttpURLConnection} rather than {@code java.net.http}.
 *
 * <p>Why: a promotion batch is hundreds of such small requests, one after the other on a few
 * kept-alive connections, and once the requests are the minimal ones the client's CPU per request
 * is what is left to save. {@code HttpClientBenchTest} sends the same mix (HEAD + PUT per tag)
 * through each client against the real registry; per promotion, over three runs on a loaded
 * two-core machine: {@code java.net.http} 0.57 to 1.23 ms of CPU (a selector thread, executor
 * hand-offs and reactive body plumbing for every exchange; a direct executor saves some of it but
 * runs the caller's body handling on the selector thread), {@code HttpURLConnection} 0.33 to 0.77
 * ms (one blocking socket, the caller's own thread), Apache HttpClient 5 classic 0.47 to 0.60 ms
 * (no cheaper here, and 2.3 MB of jars that {@code baton.jar} has no room for under its size
 * limit), one {@code curl} process 0.26 to 0.37 ms. So the SDK's own clients send these requests
 * here; blob streams and uploads, and every request when the caller gave its own {@link
 * HttpClient}, stay on {@code java.net.http}.
 *
 * <p>Nothing of what {@code java.net.http} gave is lost:
 *
 * <ul>
 *   <li>TLS: {@code https} URIs go through {@code HttpsURLConnection} with the JDK's default
 *       certificate and host name checks; plain HTTP only where {@link Endpoints} allows it.
 *   <li>Proxies: the JDK's default {@link java.net.ProxySelector}, as the built clients use.
 *   <li>Redirects are never followed, and no {@link java.net.Authenticator} set for the JVM ever
 *       answers a challenge: {@link Transport} does both itself.
 *   <li>Time: connecting within the client's connect timeout, the response's headers within {@code
 *       headers} from the start of the request, then its body within {@code reading}; a stalled or
 *       trickling server is cut off at the deadline (the connection is closed under the reader by a
 *       watchdog), with the same exceptions as {@link BoundedBodies}. An interrupted caller is
 *       released within the watchdog's period too.
 *   <li>Size: a 2xx body over {@code maxBody} is refused from its {@code Content-Length}, or as
 *       soon as more than that has arrived ({@link TooLargeException}); any other body is cut to
 *       {@code maxErrorBody}.
 * </ul>
 *
 * <p>Connections are kept alive by the JDK's keep-alive cache (up to {@code http.maxConnections}, 5
 * by default, idle ones per host, closed after 5 s idle), which needs no thread of its own here.
 */
final class BlockingExchange {
  private static final String WHAT = "the response body";

  /** No {@link java.net.Authenticator} the application set may answer a registry's challenge. */
  private static final java.net.Authenticator NO_AUTHENTICATOR = new java.net.Authenticator() {};

  private final Duration connectTimeout;

  /**
   * @param connectTimeout the time allowed to connect
   */
  BlockingExchange(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /**
   * Sends one request and reads its answer whole.
   *
   * @param method the HTTP method
   * @param uri where to
   * @param headers the request's headers
   * @param body the body, or null for none
   * @param headersLimit the time allowed from now until the response's headers are in
   * @param readLimit the time allowed for the body once the headers are in
   * @param maxBody the most bytes of a 2xx body
   * @param maxErrorBody the most bytes kept of any other body
   * @return the answer
   * @throws HttpTimeoutException when no headers arrived in time
   * @throws BoundedBodies.DeadlineException when the body did not arrive whole in time
   * @throws TooLargeException when a 2xx body is over {@code maxBody}
   * @throws IOException when the exchange failed otherwise
   * @throws InterruptedException when the calling thread was interrupted
   */
  HttpResponse<byte[]> send(
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] body,
      Duration headersLimit,
      Duration readLimit,
      long maxBody,
      int maxErrorBody)
      throws IOException, InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    c.setRequestMethod(method);
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    c.setAuthenticator(NO_AUTHENTICATOR);
    c.setConnectTimeout(millis(shorter(connectTimeout, headersLimit)));
    c.setReadTimeout(millis(headersLimit));
    headers.forEach(c::setRequestProperty);
    Watch watch = Watchdog.INSTANCE.watch(c, headersLimit);
    try {
      if (body != null) {
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = c.getOutputStream()) {
          out.write(body);
        }
      }
      int status = c.getResponseCode();
      if (status < 0) {
        throw new IOException(uri.getAuthority() + " did not answer with HTTP");
      }
      watch.headersIn(readLimit);
      c.setReadTimeout(millis(readLimit));
      HttpHeaders responseHeaders = headersOf(c.getHeaderFields());
      byte[] bytes = read(c, status, responseHeaders, maxBody, maxErrorBody);
      watch.check();
      return new Answer(method, uri, status, responseHeaders, bytes);
    } catch (IOException e) {
      c.disconnect(); // the connection may hold an unread answer: never reuse it
      throw watch.explain(e, headersLimit, readLimit);
    } finally {
      Watchdog.INSTANCE.done(watch);
    }
  }

  private static byte[] read(
      HttpURLConnection c, int status, HttpHeaders headers, long maxBody, int maxErrorBody)
      throws IOException {
    boolean ok = status / 100 == 2;
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    if (c.getRequestMethod().equals("HEAD") || status == 204 || status == 304) {
      // No body, whatever Content-Length says (a blob's HEAD gives the blob's size).
      if (in != null) {
        in.close();
      }
      return new byte[0];
    }
    if (in == null) {
      return new byte[0];
    }
    try (in) {
      if (!ok) {
        byte[] start = in.readNBytes(maxErrorBody);
        if (in.read() >= 0) {
          c.disconnect(); // only the start is ever shown; the rest is not worth reading
        }
        return start;
      }
      long declared = headers.firstValueAsLong("Content-Length").orElse(-1);
      if (declared > maxBody) {
        c.disconnect();
        throw new TooLargeException(WHAT + " (Content-Length " + declared + ")", maxBody);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(declared >= 0 ? (int) declared : 8192);
      byte[] buffer = new byte[8192];
      long count = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        count += n;
        if (count > maxBody) {
          c.disconnect();
          throw new TooLargeException(WHAT, maxBody);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static HttpHeaders headersOf(Map<String, List<String>> fields) {
    Map<String, List<String>> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    fields.forEach(
        (name, values) -> {
          if (name != null) {
            named.put(name, values);
          }
        });
    return HttpHeaders.of(named, (name, value) -> true);
  }

  private static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  /** An answer read whole, as {@code java.net.http} would give it. */
  record Answer(String method, URI uri, int statusCode, HttpHeaders headers, byte[] body)
      implements HttpResponse<byte[]> {
    @Override
    public HttpRequest request() {
      return HttpRequest.newBuilder(uri)
          .method(method, HttpRequest.BodyPublishers.noBody())
          .build();
    }

    @Override
    public Optional<HttpResponse<byte[]>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return Optional.empty();
    }

    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }

    /**
     * @param other another body
     * @return this answer with that body
     */
    Answer withBody(byte[] other) {
      return new Answer(method, uri, statusCode, headers, other);
    }
  }

  /** One request being watched: its deadline, and why it was cut off if it was. */
  static final class Watch {
    final HttpURLConnection connection;
    final Thread thread;
    volatile long deadline;
    volatile boolean headersIn;
    volatile String cutOff;

    Watch(HttpURLConnection connection, Thread thread, long deadline) {
      this.connection = connection;
      this.thread = thread;
      this.deadline = deadline;
    }

    void headersIn(Duration readLimit) {
      deadline = System.nanoTime() + readLimit.toNanos();
      headersIn = true;
    }

    /** Fails when the watchdog cut the request off although the read happened to end. */
    void check() throws IOException {
      if (cutOff != null) {
        throw new IOException("cut off: " + cutOff);
      }
    }

    /** The exception to report for a failed exchange. */
    IOException explain(IOException e, Duration headersLimit, Duration readLimit)
        throws InterruptedException {
      String why = cutOff;
      if ("interrupted".equals(why)) {
        InterruptedException interrupted = new InterruptedException();
        interrupted.initCause(e);
        throw interrupted;
      }
      boolean timedOut = "deadline".equals(why) || e instanceof SocketTimeoutException;
      if (e instanceof TooLargeException || !timedOut) {
        return e;
      }
      if (headersIn) {
        BoundedBodies.DeadlineException late = new BoundedBodies.DeadlineException(readLimit);
        late.initCause(e);
        return late;
      }
      HttpTimeoutException late =
          e instanceof SocketTimeoutException
                  && e.getMessage() != null
                  && e.getMessage().contains("connect")
              ? new HttpConnectTimeoutException("connecting timed out")
              : new HttpTimeoutException("no response headers within " + headersLimit);
      late.initCause(e);
      return late;
    }
  }

  /**
   * Cuts off the requests that outlive their deadline or whose thread was interrupted, by closing
   * their connection under the blocked reader. One daemon thread for all, which looks every {@link
   * #PERIOD} while a request is under way and sleeps otherwise.
   */
  static final class Watchdog {
    static final Watchdog INSTANCE = new Watchdog();
    static final Duration PERIOD = Duration.ofMillis(50);

    private final Set<Watch> live = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> sweeping;

    Watch watch(HttpURLConnection c, Duration headersLimit) {
      Watch w = new Watch(c, Thread.currentThread(), System.nanoTime() + headersLimit.toNanos());
      live.add(w);
      startSweeping();
      return w;
    }

    void done(Watch w) {
      live.remove(w);
    }

    /** Under the same lock as the sweep's stop, so a request added meanwhile is never missed. */
    private synchronized void startSweeping() {
      if (sweeping == null) {
        if (timer == null) {
          timer = DaemonTimer.create("baton-oci-watchdog");
        }
        long period = PERIOD.toNanos();
        sweeping = timer.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.NANOSECONDS);
      }
    }

    private void sweep() {
      long now = System.nanoTime();
      for (Watch w : live) {
        String why =
            w.thread.isInterrupted() ? "interrupted" : now - w.deadline >= 0 ? "deadline" : null;
        if (why != null && w.cutOff == null) {
          w.cutOff = why;
          w.connection.disconnect();
        }
      }
      if (live.isEmpty()) {
        synchronized (this) {
          if (live.isEmpty() && sweeping != null) {
            sweeping.cancel(false);
            sweeping = null;
          }
        }
      }
    }
  }
}
