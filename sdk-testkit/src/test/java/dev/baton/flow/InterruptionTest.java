package dev.baton.flow;

import static dev.baton.flow.Events.DEV;
import static dev.baton.flow.Events.pushToMain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.InMemoryDeploymentLedger;
import dev.baton.OperationCancelledException;
import dev.baton.spi.ApprovalRecord;
import dev.baton.spi.BuildRecord;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeployResult;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Fence;
import dev.baton.spi.Progress;
import dev.baton.spi.QuarantineRecord;
import dev.baton.testkit.ForwardingStackDeployer;
import dev.baton.testkit.TestPipeline;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run interrupted in the middle of a deploy (SIGTERM, a cancelled job) still records the deploy's
 * failure, even with a ledger whose client refuses to work on an interrupted thread, and leaves the
 * interrupt set for its caller.
 */
class InterruptionTest {
  private final TestPipeline t = TestPipeline.create();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  /** A ledger that, like many network clients, gives up at once on an interrupted thread. */
  private static final class InterruptSensitive implements DeploymentLedger {
    private final InMemoryDeploymentLedger d = new InMemoryDeploymentLedger();

    private void check() {
      if (Thread.currentThread().isInterrupted()) {
        throw new IllegalStateException("the ledger's client refuses an interrupted thread");
      }
    }

    @Override
    public ApprovalRecord recordApproval(ApprovalRecord approval) {
      check();
      return d.recordApproval(approval);
    }

    @Override
    public List<ApprovalRecord> approvals(EnvironmentName environment) {
      return d.approvals(environment);
    }

    @Override
    public QuarantineRecord quarantine(QuarantineRecord quarantine) {
      check();
      return d.quarantine(quarantine);
    }

    @Override
    public Optional<QuarantineRecord> release(QuarantineRecord release) {
      check();
      return d.release(release);
    }

    @Override
    public Optional<QuarantineRecord> quarantined(Digest digest) {
      return d.quarantined(digest);
    }

    @Override
    public List<QuarantineRecord> quarantines() {
      return d.quarantines();
    }

    @Override
    public BuildRecord recordBuild(CommitSha commit, ImageReference image) {
      check();
      return d.recordBuild(commit, image);
    }

    @Override
    public Optional<BuildRecord> build(CommitSha commit) {
      return d.build(commit);
    }

    @Override
    public DeploymentRecord begin(
        DeploymentTarget target,
        CommitSha commit,
        ImageReference image,
        Map<String, String> variables,
        Fence fence) {
      check();
      return d.begin(target, commit, image, variables, fence);
    }

    @Override
    public DeploymentRecord finish(
        DeploymentRecord deployment, DeploymentState state, String url, Fence fence) {
      check();
      return d.finish(deployment, state, url, fence);
    }

    @Override
    public void deactivate(DeploymentTarget target, Fence fence) {
      check();
      d.deactivate(target, fence);
    }

    @Override
    public List<DeploymentRecord> history(dev.baton.EnvironmentName environment) {
      return d.history(environment);
    }
  }

  @Test
  void interruptedDeploy_isRecordedAsFailed_andTheInterruptStaysSet() {
    CommitSha commit = t.pushBuild();
    InterruptSensitive ledger = new InterruptSensitive();
    ForwardingStackDeployer interrupted =
        new ForwardingStackDeployer(t.deployer()) {
          @Override
          public DeployResult deploy(DeployRequest request, Progress progress) {
            Thread.currentThread().interrupt();
            throw OperationCancelledException.interrupted(
                "the deploy of " + request.target(), new InterruptedException());
          }
        };

    assertThatThrownBy(
            () -> t.builder().ledger(ledger).deployer(interrupted).build().run(pushToMain(commit)))
        .isInstanceOf(OperationCancelledException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());

    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(ledger.history(DEV))
        .singleElement()
        .satisfies(d -> assertThat(d.state()).isEqualTo(DeploymentState.FAILURE));
  }
}
