package dev.baton;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link PromotionPipeline#run} did: the plan and, for each step, how it ended. A run that
 * fails throws instead; its listeners saw each step up to the failure.
 *
 * @param plan the plan executed
 * @param outcomes one per step, in order
 */
public record RunResult(Plan plan, List<ActionOutcome> outcomes) {
  /**
   * Copies the outcomes.
   *
   * @param plan the plan executed
   * @param outcomes one per step, in order
   */
  public RunResult {
    Objects.requireNonNull(plan, "plan");
    outcomes = List.copyOf(outcomes);
  }

  /** {@return the URL reported by the last deploy that reported one} */
  public Optional<String> url() {
    String url = null;
    for (ActionOutcome o : outcomes) {
      if (!o.url().isEmpty()) {
        url = o.url();
      }
    }
    return Optional.ofNullable(url);
  }

  /** {@return the pinned image of the last deploy} */
  public Optional<ImageReference> deployedImage() {
    ImageReference image = null;
    for (ActionOutcome o : outcomes) {
      if (o.action() instanceof PlannedAction.Deploy d) {
        image = d.image();
      }
    }
    return Optional.ofNullable(image);
  }
}
