package dev.baton.oci.internal;

import dev.baton.internal.Numbers;
import dev.baton.internal.retry.BackoffStrategy;
import dev.baton.internal.retry.RetryAfter;
import dev.baton.internal.retry.Sleeper;

/**
 * How often and how long to retry a request that failed in a way that may pass: a connection
 * failure, {@code 429 Too Many Requests} or a {@code 5xx} other than 501/505. A 4xx that will not
 * change (404, 400, 401 after authenticating, 403) is never retried.
 *
 * <p>The delay before the next attempt comes from {@code backoff} (exponential with equal jitter as
 * the registry builds it, so that many clients throttled together do not come back together). A
 * {@code Retry-After} header replaces the computed delay; when it asks for longer than {@code
 * retryAfter}'s cap, the request is not retried and the caller gets a retryable error.
 *
 * @param maxAttempts attempts in total, at least 1 (1 = never retry)
 * @param backoff the delay after a failed attempt
 * @param retryAfter how a {@code Retry-After} is read, and the longest one waited for
 * @param sleeper how to wait
 */
public record RetryPolicy(
    int maxAttempts, BackoffStrategy backoff, RetryAfter retryAfter, Sleeper sleeper) {
  /**
   * Validates the bounds.
   *
   * @param maxAttempts attempts in total, at least 1 (1 = never retry)
   * @param backoff the delay after a failed attempt
   * @param retryAfter how a {@code Retry-After} is read, and the longest one waited for
   * @param sleeper how to wait
   */
  public RetryPolicy {
    Numbers.positive(maxAttempts, "maxAttempts");
  }

  /**
   * Whether an HTTP status may pass when simply sent again.
   *
   * @param status an HTTP status code
   * @return true for 429 and for every 5xx but 501 and 505
   */
  public static boolean isRetryableStatus(int status) {
    return status == 429 || (status >= 500 && status != 501 && status != 505);
  }
}
