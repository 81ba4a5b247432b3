package dev.baton.otel;

import static dev.baton.otel.OpenTelemetryListener.COMMIT;
import static dev.baton.otel.OpenTelemetryListener.DIGEST;
import static dev.baton.otel.OpenTelemetryListener.ENVIRONMENT;
import static dev.baton.otel.OpenTelemetryListener.OUTCOME;
import static dev.baton.otel.OpenTelemetryListener.REASON;
import static dev.baton.otel.OpenTelemetryListener.STACK;
import static dev.baton.otel.OpenTelemetryListener.STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ApprovalMissingException;
import dev.baton.CommitSha;
import dev.baton.DeploymentFailedException;
import dev.baton.EnvironmentName;
import dev.baton.PromotionPipeline;
import dev.baton.PullRequestTrigger;
import dev.baton.PushTrigger;
import dev.baton.ReleaseTrigger;
import dev.baton.ReleaseVersion;
import dev.baton.RunResult;
import dev.baton.UpstreamNotDeployedException;
import dev.baton.testkit.TestPipeline;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenTelemetryListener} on a real {@link PromotionPipeline} wired with the testkit's fakes,
 * read back through the OpenTelemetry SDK's in-memory exporters.
 */
class OpenTelemetryListenerTest {
  private static final EnvironmentName PREVIEW = EnvironmentName.parse("preview");
  private static final EnvironmentName DEV = EnvironmentName.parse("dev");
  private static final EnvironmentName STAGING = EnvironmentName.parse("staging");
  private static final EnvironmentName PROD = EnvironmentName.parse("prod");
  private static final Set<AttributeKey<?>> ALLOWED =
      Set.of(ENVIRONMENT, STACK, DIGEST, COMMIT, OUTCOME, STEP);

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .build();
  private final TestPipeline t = TestPipeline.create();
  private final PromotionPipeline pipeline = pipeline(OpenTelemetryListener.builder(otel).build());

  @AfterEach
  void closeSdk() {
    otel.close();
  }

  private PromotionPipeline pipeline(OpenTelemetryListener listener) {
    return t.builder().listener(listener).build();
  }

  private static PushTrigger pushToMain(CommitSha commit) {
    return new PushTrigger("refs/heads/main", commit, "main", false);
  }

  private static ReleaseTrigger published(String version, CommitSha commit) {
    return new ReleaseTrigger("published", ReleaseVersion.parse(version), commit, false, false);
  }

  private List<SpanData> runSpans() {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().startsWith("baton run "))
        .toList();
  }

  private SpanData onlyRunSpan() {
    assertThat(runSpans()).hasSize(1);
    return runSpans().get(0);
  }

  /** The run's step spans, in the order they started; each is a child of the run's span. */
  private List<SpanData> stepsOf(SpanData run) {
    List<SpanData> steps =
        new ArrayList<>(
            spans.getFinishedSpanItems().stream()
                .filter(s -> s.getParentSpanId().equals(run.getSpanId()))
                .toList());
    steps.sort((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()));
    assertThat(steps)
        .allSatisfy(
            s -> {
              assertThat(s.getTraceId()).isEqualTo(run.getTraceId());
              assertThat(s.getName()).isEqualTo("baton " + s.getAttributes().get(STEP));
            });
    return steps;
  }

  /** A new build that dev runs, with the spans of that run cleared. */
  private CommitSha deployedToDev() {
    CommitSha commit = t.pushBuild();
    pipeline.run(pushToMain(commit));
    spans.reset();
    return commit;
  }

  private MetricData metric(String name) {
    return metrics.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElse(null);
  }

  private Map<Attributes, Long> counts(String name) {
    MetricData m = metric(name);
    if (m == null) {
      return Map.of();
    }
    return m.getLongSumData().getPoints().stream()
        .collect(Collectors.toMap(LongPointData::getAttributes, LongPointData::getValue));
  }

  private Map<Attributes, Long> deployDurations() {
    MetricData m = metric(OpenTelemetryListener.DEPLOY_DURATION);
    if (m == null) {
      return Map.of();
    }
    assertThat(m.getUnit()).isEqualTo("s");
    Map<Attributes, Long> out = new HashMap<>();
    for (HistogramPointData p : m.getHistogramData().getPoints()) {
      assertThat(p.getMin()).isGreaterThanOrEqualTo(0.0);
      out.put(p.getAttributes(), p.getCount());
    }
    return out;
  }

  private static Attributes deployed(EnvironmentName env, String outcome) {
    return Attributes.of(ENVIRONMENT, env.value(), OUTCOME, outcome);
  }

  @Test
  void pushToMain_isOneRunSpanWithAChildPerStep_andTimesTheDeploy() {
    CommitSha commit = t.pushBuild();

    RunResult result = pipeline.run(pushToMain(commit));

    SpanData run = onlyRunSpan();
    assertThat(run.getName()).isEqualTo("baton run push");
    assertThat(run.getParentSpanContext().isValid()).isFalse();
    assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(run.getAttributes().asMap())
        .isEqualTo(
            Map.of(
                COMMIT, commit.value(),
                DIGEST, result.deployedImage().orElseThrow().digest().orElseThrow().toString(),
                OUTCOME, "success"));
    List<SpanData> steps = stepsOf(run);
    assertThat(steps)
        .extracting(s -> s.getAttributes().get(STEP))
        .containsExactlyElementsOf(
            result.plan().actions().stream().map(a -> a.type().wireName()).toList());
    SpanData deploy =
        steps.stream()
            .filter(s -> "deploy".equals(s.getAttributes().get(STEP)))
            .findFirst()
            .orElseThrow();
    assertThat(deploy.getAttributes().asMap())
        .isEqualTo(
            Map.of(
                STEP, "deploy",
                ENVIRONMENT, "dev",
                STACK, "dev",
                COMMIT, commit.value(),
                DIGEST, run.getAttributes().get(DIGEST),
                OUTCOME, "success"));
    assertThat(steps)
        .allSatisfy(
            s -> {
              assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
              assertThat(s.getAttributes().get(OUTCOME)).isEqualTo("success");
            });
    assertThat(deployDurations()).isEqualTo(Map.of(deployed(DEV, "success"), 1L));
    assertThat(counts(OpenTelemetryListener.PROMOTIONS)).isEmpty();
    assertThat(counts(OpenTelemetryListener.REFUSALS)).isEmpty();
  }

  @Test
  void releaseToStagingAndProd_countsOnePromotion_andARerunDoesNotCountAgain() {
    CommitSha commit = deployedToDev();

    pipeline.run(published("1.0.0", commit));

    SpanData run = onlyRunSpan();
    assertThat(run.getName()).isEqualTo("baton run release");
    assertThat(run.getAttributes().get(OUTCOME)).isEqualTo("success");
    List<SpanData> steps = stepsOf(run);
    SpanData tag = steps.get(0);
    assertThat(tag.getAttributes().asMap())
        .isEqualTo(
            Map.of(
                STEP,
                "tag",
                COMMIT,
                commit.value(),
                DIGEST,
                run.getAttributes().get(DIGEST),
                OUTCOME,
                "success"));
    assertThat(steps)
        .filteredOn(s -> "deploy".equals(s.getAttributes().get(STEP)))
        .extracting(s -> s.getAttributes().get(ENVIRONMENT))
        .containsExactly("staging", "prod");
    assertThat(counts(OpenTelemetryListener.PROMOTIONS)).isEqualTo(Map.of(Attributes.empty(), 1L));
    assertThat(deployDurations())
        .isEqualTo(
            Map.of(
                deployed(DEV, "success"), 1L,
                deployed(STAGING, "success"), 1L,
                deployed(PROD, "success"), 1L));

    pipeline.run(published("1.0.0", commit));

    assertThat(counts(OpenTelemetryListener.PROMOTIONS)).isEqualTo(Map.of(Attributes.empty(), 1L));
  }

  @Test
  void promotionRefusedWhilePlanning_isARefusedRunSpanWithNoStep_andCountedByReason() {
    CommitSha commit = t.pushBuild();

    assertThatThrownBy(() -> pipeline.run(published("1.0.0", commit)))
        .isInstanceOf(UpstreamNotDeployedException.class);

    SpanData run = onlyRunSpan();
    assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(run.getAttributes().get(OUTCOME)).isEqualTo("refused");
    assertThat(run.getAttributes().get(COMMIT)).isEqualTo(commit.value());
    assertThat(run.getEvents())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getName()).isEqualTo("exception");
              assertThat(e.getAttributes().get(AttributeKey.stringKey("exception.type")))
                  .isEqualTo(UpstreamNotDeployedException.class.getName());
            });
    assertThat(stepsOf(run)).isEmpty();
    assertThat(counts(OpenTelemetryListener.REFUSALS))
        .isEqualTo(Map.of(Attributes.of(REASON, "UpstreamNotDeployedException"), 1L));
    assertThat(counts(OpenTelemetryListener.PROMOTIONS)).isEmpty();
  }

  @Test
  void promotionRefusedAtTheApproval_isARefusedStepSpanAndRunSpan() {
    CommitSha commit = deployedToDev();
    t.approvals().rejectAll("alice", "not on a Friday");

    assertThatThrownBy(() -> pipeline.run(published("1.0.0", commit)))
        .isInstanceOf(ApprovalMissingException.class);

    SpanData run = onlyRunSpan();
    assertThat(run.getAttributes().get(OUTCOME)).isEqualTo("refused");
    SpanData approval = stepsOf(run).get(stepsOf(run).size() - 1);
    assertThat(approval.getName()).isEqualTo("baton await-approval");
    assertThat(approval.getAttributes().get(ENVIRONMENT)).isEqualTo("prod");
    assertThat(approval.getAttributes().get(OUTCOME)).isEqualTo("refused");
    assertThat(approval.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(approval.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
    assertThat(counts(OpenTelemetryListener.REFUSALS))
        .isEqualTo(Map.of(Attributes.of(REASON, "ApprovalMissingException"), 1L));
  }

  @Test
  void failedDeploy_isAnErrorStepSpanWithTheException_andAFailedDeployDuration() {
    CommitSha commit = t.pushBuild();
    t.deployer().failNext(new DeploymentFailedException("apply failed", List.of("boom"), null));

    assertThatThrownBy(() -> pipeline.run(pushToMain(commit)))
        .isInstanceOf(DeploymentFailedException.class);

    SpanData run = onlyRunSpan();
    assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(run.getAttributes().get(OUTCOME)).isEqualTo("failure");
    assertThat(run.getAttributes().get(DIGEST)).isNull();
    SpanData deploy = stepsOf(run).get(stepsOf(run).size() - 1);
    assertThat(deploy.getName()).isEqualTo("baton deploy");
    assertThat(deploy.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(deploy.getAttributes().get(OUTCOME)).isEqualTo("failure");
    assertThat(deploy.getEvents())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getAttributes().get(AttributeKey.stringKey("exception.message")))
                    .contains("apply failed"));
    assertThat(deployDurations()).isEqualTo(Map.of(deployed(DEV, "failure"), 1L));
    assertThat(counts(OpenTelemetryListener.REFUSALS)).isEmpty();
  }

  @Test
  void spansCarryOnlyTheDocumentedAttributes_noVariables() {
    CommitSha commit = t.pushBuild();
    pipeline.run(
        new PullRequestTrigger(
            42, "labeled", Set.of("deploy"), "deploy", commit, commit, false, true));
    pipeline.destroyPreview(42);

    assertThat(spans.getFinishedSpanItems())
        .hasSizeGreaterThan(2)
        .allSatisfy(s -> assertThat(ALLOWED).containsAll(s.getAttributes().asMap().keySet()));
    assertThat(runSpans()).hasSize(2);
  }

  @Test
  void aRun_isAChildOfTheCallersSpan_unlessTold() {
    Tracer tracer = otel.getTracer("platform");
    Span platform = tracer.spanBuilder("platform request").startSpan();
    Scope scope = platform.makeCurrent();
    try {
      pipeline.run(pushToMain(t.pushBuild()));
      pipeline(OpenTelemetryListener.builder(otel).parentFromCurrentContext(false).build())
          .run(pushToMain(t.pushBuild()));
    } finally {
      scope.close();
      platform.end();
    }

    assertThat(runSpans())
        .extracting(s -> s.getParentSpanId())
        .containsExactly(platform.getSpanContext().getSpanId(), SpanId.getInvalid());
  }

  @Test
  void runsOnSeveralThreads_eachHaveTheirOwnSpanTree() {
    List<CommitSha> commits = t.previewsAtOnce(pipeline, 6);

    assertThat(runSpans())
        .hasSize(6)
        .extracting(s -> s.getAttributes().get(COMMIT))
        .containsExactlyInAnyOrderElementsOf(commits.stream().map(CommitSha::value).toList());
    assertThat(runSpans())
        .allSatisfy(
            run ->
                assertThat(stepsOf(run))
                    .isNotEmpty()
                    .allSatisfy(
                        s -> {
                          assertThat(s.getAttributes().get(COMMIT))
                              .isEqualTo(run.getAttributes().get(COMMIT));
                        }));
    assertThat(deployDurations()).isEqualTo(Map.of(deployed(PREVIEW, "success"), 6L));
  }
}
