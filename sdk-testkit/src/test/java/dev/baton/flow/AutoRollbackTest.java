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
import dev.baton.OperationTimeoutException;
import dev.baton.PipelineEvent;
import dev.baton.PipelineEvent.AutoRollback.Outcome;
import dev.baton.PlannedAction;
import dev.baton.PromotionPipeline;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Lease;
import dev.baton.spi.LeaseKey;
import dev.baton.spi.VerificationResult;
import dev.baton.testkit.FakeDeploymentVerifier;
import dev.baton.testkit.ForwardingStackDeployer;
import dev.baton.testkit.TestPipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A deploy that fails its verification rolls the environment back when it says so. */
class AutoRollbackTest {
  private static final Environments TABLE = table("dev", b -> b.autoRollback(true));

  private final TestPipeline t = TestPipeline.create(TABLE);
  private final FakeDeploymentVerifier verifier = new FakeDeploymentVerifier();
  private final InMemoryLeaseStore leases = new InMemoryLeaseStore();
  private final List<Optional<Lease>> leaseDuringDeploys = new ArrayList<>();
  private final PromotionPipeline pipeline =
      t.builder()
          .environments(TABLE)
          .verifier(verifier)
          .leases(leases)
          .deployer(
              ForwardingStackDeployer.beforeDeploy(
                  t.deployer(),
                  request -> leaseDuringDeploys.add(leases.holder(LeaseKey.of(request.target())))))
          .build();

  private static VerificationResult unhealthy() {
    return new VerificationResult(VerificationResult.Outcome.UNHEALTHY, "/health answered 503");
  }

  private Digest deployed(CommitSha commit) {
    pipeline.run(pushToMain(commit));
    return t.ledger().current(target(DEV)).orElseThrow().digest();
  }

  private List<PipelineEvent.AutoRollback> rollbacks() {
    return t.events().stream()
        .filter(PipelineEvent.AutoRollback.class::isInstance)
        .map(PipelineEvent.AutoRollback.class::cast)
        .toList();
  }

  @Test
  void unhealthyDeploy_redeploysTheLastVerifiedDigest_andTheRunStillFails() {
    CommitSha good = t.pushBuild();
    Digest goodDigest = deployed(good);
    CommitSha bad = t.pushBuild();
    verifier.nextResult(unhealthy());

    assertThatThrownBy(() -> pipeline.run(pushToMain(bad)))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessageContaining("503")
        .hasMessageContaining("rolled back automatically to " + goodDigest.shortForm());

    DeploymentRecord current = t.ledger().current(target(DEV)).orElseThrow();
    assertThat(current.commit()).isEqualTo(good);
    assertThat(current.digest()).isEqualTo(goodDigest);
    assertThat(t.ledger().history(DEV))
        .extracting(DeploymentRecord::commit, DeploymentRecord::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(good, DeploymentState.SUCCESS),
            org.assertj.core.groups.Tuple.tuple(bad, DeploymentState.FAILURE),
            org.assertj.core.groups.Tuple.tuple(good, DeploymentState.INACTIVE));
    assertThat(t.deployer().deploys())
        .extracting(d -> d.image().digest().orElseThrow())
        .last()
        .isEqualTo(goodDigest);
    assertThat(rollbacks())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
              assertThat(r.to()).contains(goodDigest);
              assertThat(r.from()).isNotEqualTo(goodDigest);
            });
    assertThat(t.events())
        .filteredOn(PipelineEvent.Started.class::isInstance)
        .map(e -> ((PipelineEvent.Started) e).action())
        .filteredOn(PlannedAction.Deploy.class::isInstance)
        .last()
        .satisfies(
            a ->
                assertThat(a.reason())
                    .startsWith("automatic rollback of dev")
                    .contains("/health answered 503"));
    assertThat(t.events().get(t.events().size() - 1))
        .isInstanceOfSatisfying(
            PipelineEvent.RunFinished.class, f -> assertThat(f.succeeded()).isFalse());
  }

  @Test
  void rollback_runsUnderTheFailedDeploysLease_withNoGapForAnotherRun() {
    deployed(t.pushBuild());
    verifier.nextResult(unhealthy());
    leaseDuringDeploys.clear();

    assertThatThrownBy(() -> pipeline.run(pushToMain(t.pushBuild())))
        .isInstanceOf(DeploymentFailedException.class);

    assertThat(leaseDuringDeploys).hasSize(2).allSatisfy(l -> assertThat(l).isPresent());
    assertThat(leaseDuringDeploys.get(1).orElseThrow().token())
        .isEqualTo(leaseDuringDeploys.get(0).orElseThrow().token());
    assertThat(leases.holder(LeaseKey.of(target(DEV)))).isEmpty();
  }

  @Test
  void noEarlierVerifiedDigest_rollsNothingBack_andSaysSo() {
    verifier.nextResult(unhealthy());

    assertThatThrownBy(() -> pipeline.run(pushToMain(t.pushBuild())))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessageContaining("no automatic rollback: dev never passed verification");

    assertThat(t.deployer().deploys()).hasSize(1);
    assertThat(t.ledger().current(target(DEV))).isEmpty();
    assertThat(rollbacks())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(Outcome.NOTHING_TO_ROLL_BACK_TO);
              assertThat(r.to()).isEmpty();
            });
  }

  @Test
  void rollbackThatFailsToo_isReported_andTheEarlierDeploymentStaysCurrent() {
    CommitSha good = t.pushBuild();
    Digest goodDigest = deployed(good);
    verifier.nextResult(unhealthy()).nextResult(unhealthy());

    assertThatThrownBy(() -> pipeline.run(pushToMain(t.pushBuild())))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessageContaining("automatic rollback to " + goodDigest.shortForm() + " failed")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));

    assertThat(rollbacks()).singleElement().extracting(r -> r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(t.ledger().history(DEV))
        .extracting(DeploymentRecord::state)
        .containsExactly(DeploymentState.FAILURE, DeploymentState.FAILURE, DeploymentState.SUCCESS);
    assertThat(t.ledger().current(target(DEV)).orElseThrow().commit()).isEqualTo(good);
  }

  @Test
  void verificationTimeout_rollsBackToo() {
    Digest goodDigest = deployed(t.pushBuild());
    verifier.failNext(
        new OperationTimeoutException(
            "health check of dev", "check the health endpoint", Duration.ofSeconds(1), null));

    assertThatThrownBy(() -> pipeline.run(pushToMain(t.pushBuild())))
        .isInstanceOf(DeploymentFailedException.class)
        .hasCauseInstanceOf(OperationTimeoutException.class)
        .hasMessageContaining("rolled back automatically to " + goodDigest.shortForm());
    assertThat(t.ledger().current(target(DEV)).orElseThrow().digest()).isEqualTo(goodDigest);
  }

  @Test
  void withoutAutoRollback_aFailedVerificationRedeploysNothing() {
    TestPipeline plain = TestPipeline.create();
    FakeDeploymentVerifier v = new FakeDeploymentVerifier();
    PromotionPipeline p = plain.builder().verifier(v).build();
    p.run(pushToMain(plain.pushBuild()));
    v.nextResult(unhealthy());

    assertThatThrownBy(() -> p.run(pushToMain(plain.pushBuild())))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessageNotContaining("rollback")
        .hasMessageNotContaining("rolled back");
    assertThat(plain.deployer().deploys()).hasSize(2);
  }

  @Test
  void autoRollbackAndAnExplicitRollback_chooseTheSameWay() {
    CommitSha first = t.pushBuild();
    Digest firstDigest = deployed(first);
    CommitSha second = t.pushBuild();
    Digest secondDigest = deployed(second);
    verifier.nextResult(unhealthy());
    assertThatThrownBy(() -> pipeline.run(pushToMain(t.pushBuild())))
        .hasMessageContaining("rolled back automatically to " + secondDigest.shortForm());

    pipeline.rollback(target(DEV));

    assertThat(t.ledger().current(target(DEV)).orElseThrow().digest()).isEqualTo(firstDigest);
  }
}
