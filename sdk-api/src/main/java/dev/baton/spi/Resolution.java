package dev.baton.spi;

import dev.baton.Trigger;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link EnvironmentResolver} made of a trigger: the environments to act on, in order, or
 * nothing, with the reason either way.
 *
 * @param trigger the trigger resolved
 * @param reason why these selections (or why none)
 * @param selections what to do, in order; empty when nothing applies
 */
public record Resolution(Trigger trigger, String reason, List<Selection> selections) {
  /**
   * Copies the selections.
   *
   * @param trigger the trigger resolved
   * @param reason why these selections (or why none)
   * @param selections what to do, in order; empty when nothing applies
   */
  public Resolution {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(reason, "reason");
    selections = List.copyOf(selections);
  }

  /**
   * @param trigger the trigger
   * @param reason why nothing applies
   * @return an empty resolution
   */
  public static Resolution nothing(Trigger trigger, String reason) {
    return new Resolution(trigger, reason, List.of());
  }

  /** {@return whether nothing is to be done} */
  public boolean isEmpty() {
    return selections.isEmpty();
  }
}
