package dev.baton;

import java.util.Objects;

/**
 * How one step of a run ended.
 *
 * @param action the step
 * @param detail what it did, for humans ({@code created}, {@code applied: 3 added, ...})
 * @param url the environment URL a deploy reported; empty otherwise
 * @param changed whether the step changed anything: false for a tag already in place, a deploy with
 *     no changes, an unchanged draft, nothing to destroy, an approval or a verification
 */
public record ActionOutcome(PlannedAction action, String detail, String url, boolean changed) {
  /**
   * Checks nothing is null.
   *
   * @param action the step
   * @param detail what it did, for humans ({@code created}, {@code applied: 3 added, ...})
   * @param url the environment URL a deploy reported; empty otherwise
   * @param changed whether the step changed anything
   */
  public ActionOutcome {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(url, "url");
  }
}
