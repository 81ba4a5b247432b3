package dev.baton;

import java.util.Objects;

/** What a running pipeline reports to its {@link PipelineListener}s, step by step. */
public sealed interface PipelineEvent {
  /** {@return the step the event is about} */
  PlannedAction action();

  /**
   * A step started.
   *
   * @param action the step
   */
  record Started(PlannedAction action) implements PipelineEvent {
    /**
     * Checks the action is not null.
     *
     * @param action the step
     */
    public Started {
      Objects.requireNonNull(action, "action");
    }
  }

  /**
   * A line of output from a long step (a Terraform apply), already redacted.
   *
   * @param action the step
   * @param line the line
   */
  record Progress(PlannedAction action, String line) implements PipelineEvent {
    /**
     * Checks nothing is null.
     *
     * @param action the step
     * @param line the line
     */
    public Progress {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(line, "line");
    }
  }

  /**
   * A step finished well.
   *
   * @param action the step
   * @param detail what it did ({@code created}, {@code no changes}, ...)
   */
  record Succeeded(PlannedAction action, String detail) implements PipelineEvent {
    /**
     * Checks nothing is null.
     *
     * @param action the step
     * @param detail what it did ({@code created}, {@code no changes}, ...)
     */
    public Succeeded {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * A step failed; the run stops after it.
   *
   * @param action the step
   * @param error why
   */
  record Failed(PlannedAction action, BatonException error) implements PipelineEvent {
    /**
     * Checks nothing is null.
     *
     * @param action the step
     * @param error why
     */
    public Failed {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(error, "error");
    }
  }
}
