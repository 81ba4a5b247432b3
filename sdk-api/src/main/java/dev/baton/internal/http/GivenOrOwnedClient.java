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

  /**
   * @param given the caller's client, or null to build one
   * @param threadName the prefix of the built client's thread names, e.g. {@code baton-github-http}
   * @param connectTimeout the built client's connect timeout
   */
  public GivenOrOwnedClient(HttpClient given, String threadName, Duration connectTimeout) {
    if (given != null) {
      this.owned = null;
      this.client = given;
    } else {
      // Redirects NORMAL: followed, but never from https to http.
      this.owned = new OwnedHttpClients(threadName);
      this.client =
          owned.build(
              HttpClient.newBuilder()
                  .connectTimeout(connectTimeout)
                  .followRedirects(HttpClient.Redirect.NORMAL));
    }
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
