package dev.baton;

import java.util.Objects;
import java.util.Optional;

/**
 * What a running pipeline reports to its {@link PipelineListener}s. Each run emits exactly one
 * {@link RunStarted} first and exactly one {@link RunFinished} last, with its {@linkplain StepEvent
 * step events} in between, all with the same {@link #run()}; this holds when a step fails and when
 * the run is refused while planning (then no step event comes between).
 */
public sealed interface PipelineEvent {
  /** {@return the run the event belongs to} */
  RunId run();

  /** An event about one step of the run's plan: {@link Started}, {@link Progress}, ... */
  sealed interface StepEvent extends PipelineEvent {
    /** {@return the step the event is about} */
    PlannedAction action();
  }

  /**
   * A run started, before its plan is made (a refusal while planning still ends the run with a
   * {@link RunFinished}). A rollback's run starts once its plan is made, the trigger being the
   * plan's.
   *
   * @param run the run
   * @param trigger what it runs for
   */
  record RunStarted(RunId run, Trigger trigger) implements PipelineEvent {
    /**
     * Checks nothing is null.
     *
     * @param run the run
     * @param trigger what it runs for
     */
    public RunStarted {
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(trigger, "trigger");
    }
  }

  /**
   * A run ended: with its result, or with the exception thrown to the caller (a refusal, a failed
   * step, a provider's error); exactly one of the two is present.
   *
   * @param run the run
   * @param result what it did, when it succeeded
   * @param error why it stopped, when it did not
   */
  record RunFinished(RunId run, Optional<RunResult> result, Optional<Throwable> error)
      implements PipelineEvent {
    /**
     * Checks that exactly one of result and error is present.
     *
     * @param run the run
     * @param result what it did, when it succeeded
     * @param error why it stopped, when it did not
     */
    public RunFinished {
      Objects.requireNonNull(run, "run");
      if (result.isPresent() == error.isPresent()) {
        throw new IllegalArgumentException("a finished run has a result or an error, not both");
      }
    }

    /**
     * @param run the run
     * @param result what it did
     * @return the end of a run that succeeded
     */
    public static RunFinished succeeded(RunId run, RunResult result) {
      return new RunFinished(run, Optional.of(result), Optional.empty());
    }

    /**
     * @param run the run
     * @param error the exception thrown to the caller
     * @return the end of a run that failed or was refused
     */
    public static RunFinished failed(RunId run, Throwable error) {
      return new RunFinished(run, Optional.empty(), Optional.of(error));
    }

    /** {@return whether the run succeeded} */
    public boolean succeeded() {
      return result.isPresent();
    }
  }

  /**
   * A step started.
   *
   * @param run the run
   * @param action the step
   */
  record Started(RunId run, PlannedAction action) implements StepEvent {
    /**
     * Checks nothing is null.
     *
     * @param run the run
     * @param action the step
     */
    public Started {
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(action, "action");
    }
  }

  /**
   * A line of output from a long step (a Terraform apply), already redacted.
   *
   * @param run the run
   * @param action the step
   * @param line the line
   */
  record Progress(RunId run, PlannedAction action, String line) implements StepEvent {
    /**
     * Checks nothing is null.
     *
     * @param run the run
     * @param action the step
     * @param line the line
     */
    public Progress {
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(line, "line");
    }
  }

  /**
   * A step finished well.
   *
   * @param run the run
   * @param action the step
   * @param detail what it did ({@code created}, {@code no changes}, ...)
   * @param changed whether it changed anything ({@link ActionOutcome#changed()})
   */
  record Succeeded(RunId run, PlannedAction action, String detail, boolean changed)
      implements StepEvent {
    /**
     * Checks nothing is null.
     *
     * @param run the run
     * @param action the step
     * @param detail what it did ({@code created}, {@code no changes}, ...)
     * @param changed whether it changed anything ({@link ActionOutcome#changed()})
     */
    public Succeeded {
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * A step failed; the run stops after it.
   *
   * @param run the run
   * @param action the step
   * @param error why
   */
  record Failed(RunId run, PlannedAction action, BatonException error) implements StepEvent {
    /**
     * Checks nothing is null.
     *
     * @param run the run
     * @param action the step
     * @param error why
     */
    public Failed {
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * A deploy or approval went ahead although its environment was closed (outside its windows or
   * inside a freeze), because the pipeline carries a {@link BreakGlass} override. Emitted once per
   * target and run, before the step it lets through.
   *
   * @param run the run
   * @param target the target deployed outside its windows
   * @param breakGlass who overrode it and why
   * @param overridden the refusal it overrode
   */
  record BreakGlassUsed(
      RunId run, DeploymentTarget target, BreakGlass breakGlass, String overridden)
      implements PipelineEvent {
    /**
     * Checks nothing is null.
     *
     * @param run the run
     * @param target the target deployed outside its windows
     * @param breakGlass who overrode it and why
     * @param overridden the refusal it overrode
     */
    public BreakGlassUsed {
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(breakGlass, "breakGlass");
      Objects.requireNonNull(overridden, "overridden");
    }
  }

  /**
   * What the automatic rollback of an {@linkplain Environment#autoRollback() environment that has
   * it} did after a deploy failed its verification: redeployed the target's last verified digest,
   * tried and failed, or found none. The run fails either way, since the deploy did; this event
   * comes before its last step's {@link Failed}. The rollback's own deploy and verification are
   * steps with their own {@link Started} and {@link Succeeded} or {@link Failed} events, the
   * deploy's reason naming the failure.
   *
   * @param run the run
   * @param target the target rolled back
   * @param from the digest that failed its verification
   * @param to the digest deployed again; empty when there was none to roll back to
   * @param outcome what happened
   * @param detail the outcome in words, as the run's failure also says it
   */
  record AutoRollback(
      RunId run,
      DeploymentTarget target,
      Digest from,
      Optional<Digest> to,
      Outcome outcome,
      String detail)
      implements PipelineEvent {
    /** What the automatic rollback did. */
    public enum Outcome {
      /** The last verified digest was deployed again and found healthy. */
      ROLLED_BACK,
      /** Deploying or verifying the last verified digest failed too. */
      FAILED,
      /** The target never passed verification with another digest. */
      NOTHING_TO_ROLL_BACK_TO
    }

    /**
     * Checks nothing is null.
     *
     * @param run the run
     * @param target the target rolled back
     * @param from the digest that failed its verification
     * @param to the digest deployed again; empty when there was none to roll back to
     * @param outcome what happened
     * @param detail the outcome in words
     */
    public AutoRollback {
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
