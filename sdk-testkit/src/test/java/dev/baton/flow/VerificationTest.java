package dev.baton.flow;

import static dev.baton.flow.Events.DEV;
import static dev.baton.flow.Events.pushToMain;
import static dev.baton.flow.Events.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ActionType;
import dev.baton.CommitSha;
import dev.baton.DeploymentFailedException;
import dev.baton.OperationTimeoutException;
import dev.baton.PipelineEvent;
import dev.baton.PromotionPipeline;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.DeploymentVerifier;
import dev.baton.spi.Progress;
import dev.baton.spi.VerificationRequest;
import dev.baton.spi.VerificationResult;
import dev.baton.testkit.FakeDeploymentVerifier;
import dev.baton.testkit.TestPipeline;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A deploy is recorded as successful only once its verifier passed it. */
class VerificationTest {
  private final TestPipeline t = TestPipeline.create();
  private final FakeDeploymentVerifier verifier = new FakeDeploymentVerifier();
  private final PromotionPipeline pipeline = t.builder().verifier(verifier).build();

  @Test
  void healthyDeploy_isVerifiedWithItsOutputsThenRecorded() {
    CommitSha commit = t.pushBuild();
    var result = pipeline.run(pushToMain(commit));

    assertThat(result.plan().actions())
        .extracting(a -> a.type())
        .containsSubsequence(ActionType.DEPLOY, ActionType.VERIFY);
    assertThat(verifier.requests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outputs().url()).isPresent();
              assertThat(r.image().isPinned()).isTrue();
            });
    assertThat(t.ledger().current(target(DEV))).isPresent();
  }

  @Test
  void unhealthyDeploy_isAFailureAndNotCurrent() {
    CommitSha commit = t.pushBuild();
    verifier.nextResult(
        new VerificationResult(VerificationResult.Outcome.UNHEALTHY, "/health answered 503"));

    assertThatThrownBy(() -> pipeline.run(pushToMain(commit)))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessageContaining("503");
    assertThat(t.ledger().current(target(DEV))).isEmpty();
    assertThat(t.ledger().history(DEV))
        .singleElement()
        .satisfies(d -> assertThat(d.state()).isEqualTo(DeploymentState.FAILURE));
    assertThat(t.releases().releases()).isEmpty();
  }

  @Test
  void verifierTimeout_recordsTheFailureAndRethrows() {
    CommitSha commit = t.pushBuild();
    verifier.failNext(
        new OperationTimeoutException(
            "health check of dev", "check the health endpoint", Duration.ofSeconds(1), null));

    assertThatThrownBy(() -> pipeline.run(pushToMain(commit)))
        .isInstanceOf(OperationTimeoutException.class);
    assertThat(t.ledger().history(DEV))
        .singleElement()
        .satisfies(d -> assertThat(d.state()).isEqualTo(DeploymentState.FAILURE));

    pipeline.run(pushToMain(commit));
    assertThat(t.ledger().current(target(DEV))).isPresent();
  }

  @Test
  void verifierProgress_isReportedAsProgressOfTheVerifyStep() {
    DeploymentVerifier reporting =
        new DeploymentVerifier() {
          @Override
          public VerificationResult verify(VerificationRequest request) {
            throw new AssertionError("the pipeline hands its progress sink over");
          }

          @Override
          public VerificationResult verify(VerificationRequest request, Progress progress) {
            progress.line("GET https://dev.example/health -> 503 (attempt 1, 9 s left)");
            progress.line("GET https://dev.example/health -> 200 (attempt 2, 4 s left)");
            return new VerificationResult(VerificationResult.Outcome.HEALTHY, "200");
          }
        };
    CommitSha commit = t.pushBuild();
    t.builder().verifier(reporting).build().run(pushToMain(commit));

    assertThat(t.events())
        .filteredOn(PipelineEvent.Progress.class::isInstance)
        .map(PipelineEvent.Progress.class::cast)
        .filteredOn(p -> p.action().type() == ActionType.VERIFY)
        .extracting(PipelineEvent.Progress::line)
        .containsExactly(
            "GET https://dev.example/health -> 503 (attempt 1, 9 s left)",
            "GET https://dev.example/health -> 200 (attempt 2, 4 s left)");
  }
}
