package dev.baton.otel;

import dev.baton.CommitSha;
import dev.baton.ImageReference;
import dev.baton.ManualTrigger;
import dev.baton.PipelineEvent;
import dev.baton.PipelineListener;
import dev.baton.PlannedAction;
import dev.baton.PolicyViolationException;
import dev.baton.PullRequestTrigger;
import dev.baton.PushTrigger;
import dev.baton.ReleaseTrigger;
import dev.baton.RunId;
import dev.baton.Trigger;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link PipelineListener} that reports pipeline runs to OpenTelemetry: one span per run, one
 * child span per step, and three metrics.
 *
 * <pre>{@code
 * PromotionPipeline pipeline = PromotionPipeline.builder()
 *     // ... providers
 *     .listener(OpenTelemetryListener.builder(openTelemetry).build())
 *     .build();
 * }</pre>
 *
 * <p><b>Spans.</b> A run is a span named {@code baton run <event>} ({@code push}, {@code release},
 * ...), a child of the caller's current span by default; each step is a child span named {@code
 * baton <step type>} ({@code baton deploy}, {@code baton tag}, ...). Their attributes are {@code
 * baton.environment}, {@code baton.stack}, {@code baton.digest}, {@code baton.commit} where the
 * step (or run) has them, {@code baton.step} (the step type) and {@code baton.outcome} ({@code
 * success}, {@code failure}, or {@code refused} for a {@link PolicyViolationException}). A failed
 * step or run has status {@code ERROR} with the exception recorded. Nothing else is recorded: no
 * variables, no deployer output, no URL.
 *
 * <p><b>Metrics.</b> {@value #DEPLOY_DURATION} (a histogram, seconds) times each deploy step, with
 * {@code baton.environment} and {@code baton.outcome}; {@value #PROMOTIONS} counts release tags
 * written (a re-run that finds its tag in place does not count again); {@value #REFUSALS} counts
 * refused runs by {@code baton.reason}, the simple name of the {@link PolicyViolationException}
 * subtype ({@code UpstreamNotDeployedException}, ...).
 *
 * <p>Safe for concurrent use: runs on several threads are kept apart by their {@link RunId}.
 */
public final class OpenTelemetryListener implements PipelineListener {
  /** The instrumentation scope name of the tracer and the meter. */
  public static final String SCOPE = "dev.baton.otel";

  /** The deploy duration histogram's name. */
  public static final String DEPLOY_DURATION = "baton.deploy.duration";

  /** The promotion counter's name. */
  public static final String PROMOTIONS = "baton.promotions";

  /** The refusal counter's name. */
  public static final String REFUSALS = "baton.refusals";

  /** The environment a step acts on (or a manual run targets). */
  public static final AttributeKey<String> ENVIRONMENT =
      AttributeKey.stringKey("baton.environment");

  /** The stack a step deploys, verifies or destroys. */
  public static final AttributeKey<String> STACK = AttributeKey.stringKey("baton.stack");

  /** The image digest a step acts on (or a run deployed last). */
  public static final AttributeKey<String> DIGEST = AttributeKey.stringKey("baton.digest");

  /** The commit whose build a step or run acts on. */
  public static final AttributeKey<String> COMMIT = AttributeKey.stringKey("baton.commit");

  /** {@code success}, {@code failure} or {@code refused}. */
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("baton.outcome");

  /** The step type's wire name: {@code tag}, {@code deploy}, {@code verify}, ... */
  public static final AttributeKey<String> STEP = AttributeKey.stringKey("baton.step");

  /** A refusal's reason: the simple name of the {@link PolicyViolationException} subtype. */
  public static final AttributeKey<String> REASON = AttributeKey.stringKey("baton.reason");

  /** A run's spans; steps of one run come one after the other, but calls may be on any thread. */
  private static final class RunSpans {
    final Span run;
    Span step;
    long stepStartNanos;

    RunSpans(Span run) {
      this.run = run;
    }
  }

  private final Tracer tracer;
  private final DoubleHistogram deployDuration;
  private final LongCounter promotions;
  private final LongCounter refusals;
  private final boolean parentFromCurrentContext;
  private final Map<RunId, RunSpans> runs = new ConcurrentHashMap<>();

  private OpenTelemetryListener(Builder b) {
    this.tracer = b.openTelemetry.getTracer(SCOPE);
    Meter meter = b.openTelemetry.getMeter(SCOPE);
    this.deployDuration =
        meter
            .histogramBuilder(DEPLOY_DURATION)
            .setDescription("How long a deploy step took.")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(b.deployDurationBuckets)
            .build();
    this.promotions =
        meter
            .counterBuilder(PROMOTIONS)
            .setDescription("Release tags written: promotions of a build, without rebuilding.")
            .setUnit("{promotion}")
            .build();
    this.refusals =
        meter
            .counterBuilder(REFUSALS)
            .setDescription(
                "Runs refused because they would break one of the pipeline's invariants.")
            .setUnit("{refusal}")
            .build();
    this.parentFromCurrentContext = b.parentFromCurrentContext;
  }

  /**
   * @param openTelemetry where the spans and metrics go, e.g. {@code GlobalOpenTelemetry.get()}
   * @return a builder
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  @Override
  public void onEvent(PipelineEvent event) {
    if (event instanceof PipelineEvent.RunStarted s) {
      runStarted(s);
    } else if (event instanceof PipelineEvent.RunFinished f) {
      runFinished(f);
    } else if (event instanceof PipelineEvent.Started s) {
      stepStarted(s);
    } else if (event instanceof PipelineEvent.Succeeded s) {
      stepEnded(s.run(), s.action(), null);
      if (s.action() instanceof PlannedAction.ReleaseTag && s.changed()) {
        promotions.add(1);
      }
    } else if (event instanceof PipelineEvent.Failed f) {
      stepEnded(f.run(), f.action(), f.error());
    }
    // Progress: the deployer's output is not recorded (it may be long, and is not ours to export).
  }

  private void runStarted(PipelineEvent.RunStarted s) {
    Trigger trigger = s.trigger();
    SpanBuilder builder =
        tracer.spanBuilder("baton run " + trigger.event()).setSpanKind(SpanKind.INTERNAL);
    if (!parentFromCurrentContext) {
      builder.setNoParent();
    }
    Span run = builder.startSpan();
    CommitSha commit = commitOf(trigger);
    if (commit != null) {
      run.setAttribute(COMMIT, commit.value());
    }
    if (trigger instanceof ManualTrigger m) {
      run.setAttribute(ENVIRONMENT, m.target().environment().value());
    }
    runs.put(s.run(), new RunSpans(run));
  }

  private void runFinished(PipelineEvent.RunFinished f) {
    RunSpans spans = runs.remove(f.run());
    if (spans == null) {
      return;
    }
    Throwable error = f.error().orElse(null);
    synchronized (spans) {
      if (spans.step != null) {
        // The run ended without the step's own end (an Error); close it with the run's failure.
        end(spans.step, error);
        spans.step = null;
      }
    }
    f.result()
        .flatMap(r -> r.deployedImage())
        .flatMap(ImageReference::digest)
        .ifPresent(d -> spans.run.setAttribute(DIGEST, d.toString()));
    if (error instanceof PolicyViolationException) {
      refusals.add(1, Attributes.of(REASON, error.getClass().getSimpleName()));
    }
    end(spans.run, error);
  }

  private void stepStarted(PipelineEvent.Started s) {
    RunSpans spans = runs.get(s.run());
    if (spans == null) {
      return;
    }
    PlannedAction a = s.action();
    SpanBuilder builder =
        tracer
            .spanBuilder("baton " + a.type().wireName())
            .setSpanKind(SpanKind.INTERNAL)
            .setParent(Context.root().with(spans.run))
            .setAttribute(STEP, a.type().wireName());
    if (a instanceof PlannedAction.Targeted t) {
      builder.setAttribute(ENVIRONMENT, t.target().environment().value());
    }
    if (a instanceof PlannedAction.OnStack o) {
      builder.setAttribute(STACK, o.stack().value());
    }
    if (a instanceof PlannedAction.OfImage i) {
      builder.setAttribute(COMMIT, i.commit().value());
      i.image().digest().ifPresent(d -> builder.setAttribute(DIGEST, d.toString()));
    } else if (a instanceof PlannedAction.DraftRelease d) {
      builder.setAttribute(COMMIT, d.commit().value());
    }
    Span step = builder.startSpan();
    synchronized (spans) {
      spans.step = step;
      spans.stepStartNanos = System.nanoTime();
    }
  }

  private void stepEnded(RunId run, PlannedAction a, Throwable error) {
    RunSpans spans = runs.get(run);
    if (spans == null) {
      return;
    }
    Span step;
    long elapsed;
    synchronized (spans) {
      step = spans.step;
      elapsed = System.nanoTime() - spans.stepStartNanos;
      spans.step = null;
    }
    if (step == null) {
      return;
    }
    end(step, error);
    if (a instanceof PlannedAction.Deploy d) {
      deployDuration.record(
          elapsed / 1e9,
          Attributes.of(ENVIRONMENT, d.target().environment().value(), OUTCOME, outcome(error)));
    }
  }

  private static void end(Span span, Throwable error) {
    span.setAttribute(OUTCOME, outcome(error));
    if (error != null) {
      span.recordException(error);
      span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
    }
    span.end();
  }

  private static String outcome(Throwable error) {
    if (error == null) {
      return "success";
    }
    return error instanceof PolicyViolationException ? "refused" : "failure";
  }

  private static CommitSha commitOf(Trigger trigger) {
    if (trigger instanceof PushTrigger p) {
      return p.commit();
    } else if (trigger instanceof ReleaseTrigger r) {
      return r.commit();
    } else if (trigger instanceof PullRequestTrigger p) {
      return p.commit();
    } else if (trigger instanceof ManualTrigger m) {
      return m.commit();
    }
    return null;
  }

  @Override
  public String toString() {
    return "OpenTelemetryListener[" + runs.size() + " runs in progress]";
  }

  /** Builds an {@link OpenTelemetryListener}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean parentFromCurrentContext = true;
    private List<Double> deployDurationBuckets =
        List.of(1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 1800.0, 3600.0);

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * @param parent whether a run's span is a child of the span current when the run starts (the
     *     default), or a root span
     * @return this
     */
    public Builder parentFromCurrentContext(boolean parent) {
      this.parentFromCurrentContext = parent;
      return this;
    }

    /**
     * @param seconds the bucket boundaries advised for {@code baton.deploy.duration}, ascending; 1
     *     s to 1 h by default
     * @return this
     */
    public Builder deployDurationBuckets(List<Double> seconds) {
      List<Double> copy = List.copyOf(seconds);
      for (int i = 1; i < copy.size(); i++) {
        if (copy.get(i) <= copy.get(i - 1)) {
          throw new IllegalArgumentException("bucket boundaries must ascend, got " + copy);
        }
      }
      this.deployDurationBuckets = copy;
      return this;
    }

    /** {@return the listener} */
    public OpenTelemetryListener build() {
      return new OpenTelemetryListener(this);
    }
  }
}
