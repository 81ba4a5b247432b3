package dev.baton;

import java.util.Objects;

/**
 * An override of an environment's deployment windows and freezes, for one pipeline's operations
 * ({@link PromotionPipeline#withBreakGlass}): who decided it and why. Every deploy it lets through
 * is recorded: a {@link PipelineEvent.BreakGlassUsed} event and the plan's reason, which the report
 * and the plan's JSON carry. It does not override any other check (upstream, soak, approval,
 * rebuilds, older commits).
 *
 * @param who who broke the glass ({@code GITHUB_ACTOR}, the OS user)
 * @param reason why; not blank
 */
public record BreakGlass(String who, String reason) {
  /**
   * Checks neither is blank.
   *
   * @param who who broke the glass
   * @param reason why
   */
  public BreakGlass {
    Objects.requireNonNull(who, "who");
    Objects.requireNonNull(reason, "reason");
    if (who.isBlank()) {
      throw new IllegalArgumentException("a break-glass override needs who made it");
    }
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a break-glass override needs a reason");
    }
    who = who.strip();
    reason = reason.strip();
  }

  /**
   * @param who who broke the glass
   * @param reason why
   * @return the override
   */
  public static BreakGlass of(String who, String reason) {
    return new BreakGlass(who, reason);
  }

  /** {@return {@code break-glass by WHO: REASON}} */
  @Override
  public String toString() {
    return "break-glass by " + who + ": " + reason;
  }
}
