package dev.baton.internal.http;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The one HTTP client a class sends on: the caller's, which is never closed here, or one the class
 * builds for itself (through {@link OwnedHttpClients}, following redirects) and {@link #close()}
 * stops. The rule every builder with an {@code httpClient(...)} setter and a default applies.
 */
public final class GivenOrOwnedClient implements AutoCloseable {
  private final HttpClient client;
  private final OwnedHttpClients owned;

  private GivenOrOwnedClient(HttpClient client, OwnedHttpClients owned) {
    this.client = client;
    this.owned = owned;
  }

  /**
   * @param given the caller's client, or null to build one
   * @param threadName the prefix of the built client's thread names, e.g. {@code baton-github-http}
   * @param connectTimeout the built client's connect timeout
   * @return {@code given}, or a client of its own that follows redirects ({@code NORMAL}: never
   *     from https to http)
   */
  public static GivenOrOwnedClient of(
      HttpClient given, String threadName, Duration connectTimeout) {
    if (given != null) {
      return new GivenOrOwnedClient(given, null);
    }
    OwnedHttpClients owned = new OwnedHttpClients(threadName);
    return new GivenOrOwnedClient(
        owned.build(
            HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)),
        owned);
  }

  /**
   * @return the client to send on
   */
  public HttpClient client() {
    return client;
  }

  /** Stops the client built here; the caller's client is left open. Idempotent. */
  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }
}
