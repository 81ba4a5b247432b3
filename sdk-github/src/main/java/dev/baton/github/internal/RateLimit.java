package dev.baton.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.internal.retry.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads how long GitHub asks a client to wait, following "Rate limits for the REST API"
 * (docs.github.com): a {@code retry-after} header wins (secondary limits send it, in seconds);
 * otherwise {@code x-ratelimit-remaining: 0} means the primary limit is spent until the epoch
 * second in {@code x-ratelimit-reset}; otherwise a 403/429 whose message mentions a secondary rate
 * limit means "wait at least one minute".
 */
final class RateLimit {
  /** GitHub's stated minimum wait for a secondary limit without {@code retry-after}. */
  static final Duration SECONDARY_DEFAULT = Duration.ofMinutes(1);

  private RateLimit() {}

  /**
   * @param response a 403 or 429 answer
   * @param body its parsed body, or a missing node
   * @param retryAfter how {@code retry-after} is read; its clock also measures {@code
   *     x-ratelimit-reset}
   * @return how long to wait before trying again; empty when the answer is not a rate limit
   */
  static Optional<Duration> waitFor(GitHubResponse response, JsonNode body, RetryAfter retryAfter) {
    if (response.status() != 403 && response.status() != 429) {
      return Optional.empty();
    }
    Optional<String> header = response.header("retry-after");
    if (header.isPresent()) {
      return Optional.of(retryAfter.parse(header.get()).orElse(SECONDARY_DEFAULT));
    }
    if (response
        .header("x-ratelimit-remaining")
        .map(String::trim)
        .filter("0"::equals)
        .isPresent()) {
      Optional<Duration> untilReset =
          response
              .header("x-ratelimit-reset")
              .flatMap(RateLimit::epoch)
              .map(reset -> Duration.between(retryAfter.clock().instant(), reset))
              .map(d -> d.isNegative() ? Duration.ZERO : d)
              // The reset is a whole second and clocks drift; one more second avoids an early
              // retry.
              .map(d -> d.plusSeconds(1));
      return Optional.of(untilReset.orElse(SECONDARY_DEFAULT));
    }
    String message = body.path("message").asText("").toLowerCase(Locale.ROOT);
    if (response.status() == 429
        || message.contains("secondary rate limit")
        || message.contains("abuse")) {
      return Optional.of(SECONDARY_DEFAULT);
    }
    return Optional.empty();
  }

  private static Optional<Instant> epoch(String value) {
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
