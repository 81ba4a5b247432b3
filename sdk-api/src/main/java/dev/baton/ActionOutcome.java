package dev.baton;

import java.util.Objects;

/**
 * How one step of a run ended.
 *
 * @param action the step
 * @param detail what it did, for humans ({@code created}, {@code applied: 3 added, ...})
 * @param url the environment URL a deploy reported; empty otherwise
 */
public record ActionOutcome(PlannedAction action, String detail, String url) {
  /**
   * Checks nothing is null.
   *
   * @param action the step
   * @param detail what it did, for humans ({@code created}, {@code applied: 3 added, ...})
   * @param url the environment URL a deploy reported; empty otherwise
   */
  public ActionOutcome {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(url, "url");
  }
}
