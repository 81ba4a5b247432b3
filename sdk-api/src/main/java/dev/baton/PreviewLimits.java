package dev.baton;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a per-pull-request instance (a preview) may live before {@link
 * PromotionPipeline#sweepPreviews} destroys it, whatever its pull request's state.
 *
 * <pre>{@code
 * Environment.builder("preview")
 *     .perPullRequest("PR_NUMBER")
 *     .previews(PreviewLimits.of(Duration.ofHours(72), Duration.ofDays(14)))
 *     .build();
 * }</pre>
 *
 * @param ttl how long it may stay idle (no deploy since its last one); {@link Duration#ZERO} for no
 *     limit
 * @param maxAge how long it may live since its first deploy; {@link Duration#ZERO} for no limit
 */
public record PreviewLimits(Duration ttl, Duration maxAge) {
  /** No limit: a preview lives until its pull request closes or loses its label. */
  public static final PreviewLimits NONE = new PreviewLimits(Duration.ZERO, Duration.ZERO);

  /**
   * Checks both are present and not negative.
   *
   * @param ttl how long it may stay idle; {@link Duration#ZERO} for no limit
   * @param maxAge how long it may live since its first deploy; {@link Duration#ZERO} for no limit
   */
  public PreviewLimits {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(maxAge, "maxAge");
    if (ttl.isNegative() || maxAge.isNegative()) {
      throw new IllegalArgumentException(
          "preview limits must not be negative, got ttl " + ttl + " and max-age " + maxAge);
    }
  }

  /**
   * @param ttl how long a preview may stay idle; {@link Duration#ZERO} for no limit
   * @param maxAge how long it may live since its first deploy; {@link Duration#ZERO} for no limit
   * @return the limits
   */
  public static PreviewLimits of(Duration ttl, Duration maxAge) {
    return new PreviewLimits(ttl, maxAge);
  }

  /** {@return whether either limit is set} */
  public boolean isLimited() {
    return !ttl.isZero() || !maxAge.isZero();
  }
}
