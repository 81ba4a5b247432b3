package dev.baton.github.internal;

import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * One HTTP answer from the GitHub API, body as text.
 *
 * @param status the HTTP status code
 * @param headers the response headers
 * @param body the body; empty for 204
 */
public record GitHubResponse(int status, HttpHeaders headers, String body) {
  /**
   * @param name a header name, any case
   * @return its first value
   */
  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** {@return whether the status is 2xx} */
  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }
}
