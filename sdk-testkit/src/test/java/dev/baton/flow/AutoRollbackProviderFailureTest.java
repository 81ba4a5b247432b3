package dev.baton.flow;

import static dev.baton.flow.Events.DEV;
import static dev.baton.flow.Events.pushToMain;
import static dev.baton.flow.Events.target;
import static dev.baton.flow.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.DeploymentFailedException;
import dev.baton.Digest;
import dev.baton.Environments;
import dev.baton.InMemoryLeaseStore;
import dev.baton.PipelineEvent;
import dev.baton.PipelineEvent.AutoRollback.Outcome;
import dev.baton.PlannedAction;
import dev.baton.PromotionPipeline;
import dev.baton.ProviderException;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.LeaseKey;
import dev.baton.spi.VerificationRequest;
import dev.baton.spi.VerificationResult;
import dev.baton.testkit.TestPipeline;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The automatic rollback's own steps fail the way a run's steps do: a provider's unexpected
 * exception is a failed step, reported with its events, and the run throws the verification's
 * failure with the rollback's outcome added.
 */
class AutoRollbackProviderFailureTest {
  private static final Environments TABLE = table("dev", b -> b.autoRollback(true));

  private final TestPipeline t = TestPipeline.create(TABLE);
  private final InMemoryLeaseStore leases = new InMemoryLeaseStore();
  private final AtomicInteger checks = new AtomicInteger();
  private final PromotionPipeline pipeline =
      t.builder().environments(TABLE).verifier(this::check).leases(leases).build();

  /** The good deploy is healthy, the bad one is not, and the rollback's check breaks. */
  private VerificationResult check(VerificationRequest request) {
    return switch (checks.incrementAndGet()) {
      case 1 -> new VerificationResult(VerificationResult.Outcome.HEALTHY, "/health answered 200");
      case 2 ->
          new VerificationResult(VerificationResult.Outcome.UNHEALTHY, "/health answered 503");
      default -> throw new IllegalStateException("health client closed");
    };
  }

  @Test
  void
      rollbackCheckThrowingAnUnexpectedException_isAFailedRollback_andTheRunThrowsTheVerification() {
    CommitSha good = t.pushBuild();
    pipeline.run(pushToMain(good));
    Digest goodDigest = t.ledger().current(target(DEV)).orElseThrow().digest();

    assertThatThrownBy(() -> pipeline.run(pushToMain(t.pushBuild())))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessageContaining("/health answered 503")
        .hasMessageContaining(
            "automatic rollback to "
                + goodDigest.shortForm()
                + " failed: verify failed: java.lang.IllegalStateException: health client closed")
        .hasCauseInstanceOf(DeploymentFailedException.class)
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .isInstanceOf(ProviderException.class));

    assertThat(t.events())
        .filteredOn(PipelineEvent.AutoRollback.class::isInstance)
        .singleElement()
        .extracting(e -> ((PipelineEvent.AutoRollback) e).outcome())
        .isEqualTo(Outcome.FAILED);
    assertThat(t.events())
        .filteredOn(PipelineEvent.Failed.class::isInstance)
        .map(e -> (PipelineEvent.Failed) e)
        .first()
        .satisfies(
            f -> {
              assertThat(f.action()).isInstanceOf(PlannedAction.Verify.class);
              assertThat(f.action().reason()).isEqualTo("check dev is healthy after the rollback");
              assertThat(f.error()).isInstanceOf(ProviderException.class);
            });
    assertThat(t.ledger().history(DEV))
        .extracting(DeploymentRecord::state)
        .containsExactly(DeploymentState.FAILURE, DeploymentState.FAILURE, DeploymentState.SUCCESS);
    assertThat(t.ledger().current(target(DEV)).orElseThrow().commit()).isEqualTo(good);
    assertThat(leases.holder(LeaseKey.of(target(DEV)))).isEmpty();
  }
}
