package dev.baton.oci.internal;

import dev.baton.internal.http.OwnedHttpClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The HTTP clients requests go out on: the caller's one for every request, or two of our own, built
 * on first use, one per scheme.
 *
 * <ul>
 *   <li>Plain HTTP (loopback and opted-in hosts): HTTP/1.1, so no request carries an {@code
 *       Upgrade: h2c} offer that registries ignore, and no TLS: the JDK's default {@code
 *       SSLContext} loads the trust store and the TLS providers (about 130 ms in a fresh JVM),
 *       which a client that never speaks TLS has no use for.
 *   <li>HTTPS: the JDK's defaults (HTTP/2 by ALPN, else HTTP/1.1; default certificate checks).
 * </ul>
 *
 * <p>With clients of our own, the requests whose bodies are held whole (manifests, mounts, tokens)
 * go over {@link BlockingExchange} instead, at a fraction of the CPU, and the {@code java.net.http}
 * clients are built only for blob streams, when a copy needs them.
 *
 * <p>{@link #close()} stops the clients it built, through {@link OwnedHttpClients} (on JDK 17 a
 * client has no {@code close()}); a caller's client is never closed.
 */
public final class HttpClients implements AutoCloseable {
  private final HttpClient given;
  private final Duration connectTimeout;
  private final OwnedHttpClients owned;
  private final Object lock = new Object();
  private volatile HttpClient plain;
  private volatile HttpClient tls;

  /**
   * The system property that, set to {@value #JDK_ONLY}, sends every request of the SDK's own
   * clients over {@code java.net.http} as before {@link BlockingExchange} existed: kept so that the
   * benches can measure the one against the other in the same run.
   */
  public static final String TRANSPORT_PROPERTY = "dev.baton.oci.transport";

  /** The value of {@link #TRANSPORT_PROPERTY} that selects {@code java.net.http} for everything. */
  public static final String JDK_ONLY = "java.net.http";

  private final BlockingExchange blocking;

  private HttpClients(HttpClient given, Duration connectTimeout) {
    this.given = given;
    this.connectTimeout = connectTimeout;
    this.owned = given == null ? new OwnedHttpClients("baton-oci-http") : null;
    this.blocking =
        given == null && !JDK_ONLY.equals(System.getProperty(TRANSPORT_PROPERTY))
            ? new BlockingExchange(connectTimeout)
            : null;
  }

  /**
   * @return where requests whose bodies are held whole go, or null when every request goes over
   *     {@code java.net.http} (the caller gave its client, or {@link #TRANSPORT_PROPERTY} says so)
   */
  BlockingExchange blocking() {
    return blocking;
  }

  /**
   * @param client the caller's client, used for every request and never closed here
   * @return clients that are that one
   */
  public static HttpClients of(HttpClient client) {
    return new HttpClients(client, null);
  }

  /**
   * @param connectTimeout the connect timeout of the clients built
   * @return clients of our own, built on first use and stopped by {@link #close()}
   */
  public static HttpClients owned(Duration connectTimeout) {
    return new HttpClients(null, connectTimeout);
  }

  /**
   * @param uri where a request goes
   * @return the client for its scheme
   * @throws IllegalStateException when closed
   */
  public HttpClient forUri(URI uri) {
    if (given != null) {
      return given;
    }
    boolean plainHttp = "http".equalsIgnoreCase(uri.getScheme());
    HttpClient c = plainHttp ? plain : tls;
    if (c != null) {
      return c;
    }
    synchronized (lock) {
      if (plainHttp) {
        if (plain == null) {
          plain = build(true);
        }
        return plain;
      }
      if (tls == null) {
        tls = build(false);
      }
      return tls;
    }
  }

  private HttpClient build(boolean plainHttp) {
    // Redirects are followed by hand (Transport.open) so credentials never follow them off-host.
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (plainHttp) {
      b.version(HttpClient.Version.HTTP_1_1).sslContext(NoTls.CONTEXT);
    }
    return owned.build(b);
  }

  /**
   * @return the group the clients' threads run in, or null for a caller's client
   */
  ThreadGroup threadGroup() {
    return owned == null ? null : owned.threadGroup();
  }

  /** Stops the clients built here and their threads; a caller's client is left alone. */
  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }

  /**
   * An {@link SSLContext} for the plain-HTTP client, which is never given an {@code https} URI: it
   * answers the parameter queries the client makes when built, and refuses to make an engine.
   */
  private static final class NoTls extends SSLContextSpi {
    static final SSLContext CONTEXT = new SSLContext(new NoTls(), null, "none") {};

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {}

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw refused();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return new SSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return new SSLParameters();
    }

    private static UnsupportedOperationException refused() {
      return new UnsupportedOperationException("the plain-HTTP client does not speak TLS");
    }
  }
}
