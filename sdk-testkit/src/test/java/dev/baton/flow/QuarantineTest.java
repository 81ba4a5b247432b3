package dev.baton.flow;

import static dev.baton.flow.Events.DEV;
import static dev.baton.flow.Events.PROD;
import static dev.baton.flow.Events.STAGING;
import static dev.baton.flow.Events.onDev;
import static dev.baton.flow.Events.published;
import static dev.baton.flow.Events.pushToMain;
import static dev.baton.flow.Events.target;
import static dev.baton.flow.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.BreakGlass;
import dev.baton.CommitSha;
import dev.baton.DeploymentFailedException;
import dev.baton.Digest;
import dev.baton.DigestQuarantinedException;
import dev.baton.Environments;
import dev.baton.Gate;
import dev.baton.NotFoundException;
import dev.baton.Plan;
import dev.baton.PromotionPipeline;
import dev.baton.Tag;
import dev.baton.spi.QuarantineRecord;
import dev.baton.spi.VerificationResult;
import dev.baton.testkit.FakeDeploymentVerifier;
import dev.baton.testkit.TestPipeline;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A quarantined digest goes nowhere until released: refused while planning, refused again before
 * each step of a plan made earlier, passed over by a rollback; and a failed verification
 * quarantines it where the environment asks for it. All on a controlled clock.
 */
class QuarantineTest extends ClockedFlow {
  private PromotionPipeline pipeline(Environments table) {
    return onClock(table).build();
  }

  private PromotionPipeline pipeline() {
    return pipeline(Environments.standard());
  }

  private Digest digestOf(CommitSha commit) {
    return ledger.build(commit).orElseThrow().digest();
  }

  @Test
  void quarantine_isRecordedWithWhoWhyAndThePipelineClock() {
    PromotionPipeline p = pipeline();
    CommitSha commit = onDev(t, p);
    clock.advance(Duration.ofMinutes(5));

    QuarantineRecord q = p.quarantine(digestOf(commit), "alice", "leaks memory");

    assertThat(q.who()).isEqualTo("alice");
    assertThat(q.reason()).isEqualTo("leaks memory");
    assertThat(q.at()).isEqualTo(MONDAY_MORNING.plus(Duration.ofMinutes(5)));
    assertThat(ledger.quarantined(digestOf(commit))).contains(q);
  }

  @Test
  void aQuarantinedDigest_isRefusedWhilePlanning_withItsReason_andNothingRuns() {
    PromotionPipeline p = pipeline();
    CommitSha commit = onDev(t, p);
    int deploys = t.deployer().deploys().size();
    p.quarantine(digestOf(commit), "alice", "leaks memory");

    Plan plan = p.plan(published("1.2.3", commit));
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.gates()).extracting(Gate::environment).containsExactly(STAGING, PROD);
    assertThat(plan.gates().get(0).kind()).isEqualTo("quarantine");
    assertThat(plan.gates().get(0).refusal())
        .isInstanceOfSatisfying(
            DigestQuarantinedException.class,
            e -> {
              assertThat(e.quarantine().reason()).isEqualTo("leaks memory");
              assertThat(e.getMessage())
                  .contains("promote it as 1.2.3", "quarantined (by alice", "leaks memory");
              assertThat(e.hint()).contains("baton quarantine --release " + digestOf(commit));
            });
    assertThat(plan.gates().get(1).reason())
        .isEqualTo("needs staging, which is gated (quarantine)");
    assertThatThrownBy(() -> p.execute(plan)).isSameAs(plan.gates().get(0).refusal());
    assertThatThrownBy(() -> p.run(pushToMain(commit)))
        .isInstanceOf(DigestQuarantinedException.class)
        .hasMessageContaining("deploy to dev");
    assertThat(t.deployer().deploys()).hasSize(deploys);
    assertThat(t.registry().resolve(TestPipeline.REPOSITORY.withTag(Tag.parse("1.2.3")))).isEmpty();
  }

  @Test
  void aPlanMadeBeforeTheQuarantine_isRefusedWhenExecuted() {
    PromotionPipeline p = pipeline();
    CommitSha commit = onDev(t, p);
    Plan release = p.plan(published("1.2.3", commit));
    // Another process quarantines the digest between plan and execute.
    pipeline().quarantine(digestOf(commit), "bob", "crashes on start");

    assertThatThrownBy(() -> p.execute(release))
        .isInstanceOf(DigestQuarantinedException.class)
        .hasMessageContaining("crashes on start");
    assertThat(ledger.history(STAGING)).isEmpty();
    assertThat(t.registry().resolve(TestPipeline.REPOSITORY.withTag(Tag.parse("1.2.3")))).isEmpty();
  }

  @Test
  void breakGlass_doesNotLetAQuarantinedDigestThrough() {
    PromotionPipeline p = pipeline();
    CommitSha commit = onDev(t, p);
    p.quarantine(digestOf(commit), "alice", "leaks memory");

    assertThatThrownBy(
            () -> p.withBreakGlass(BreakGlass.of("carol", "outage")).run(pushToMain(commit)))
        .isInstanceOf(DigestQuarantinedException.class);
  }

  @Test
  void release_letsTheDigestGoAgain() {
    PromotionPipeline p = pipeline();
    CommitSha commit = onDev(t, p);
    QuarantineRecord q = p.quarantine(digestOf(commit), "alice", "leaks memory");

    assertThat(p.release(digestOf(commit), "bob", "fixed in the base image")).contains(q);
    assertThat(p.release(digestOf(commit), "bob", "again")).isEmpty();
    p.run(published("1.2.3", commit));

    assertThat(ledger.current(target(STAGING))).isPresent();
  }

  @Test
  void rollback_passesOverAQuarantinedDigest_toTheNewestEarlierOne() {
    PromotionPipeline p = pipeline();
    CommitSha first = onDev(t, p);
    CommitSha second = onDev(t, p);
    CommitSha third = onDev(t, p);
    p.quarantine(digestOf(second), "alice", "corrupts orders");

    p.rollback(target(DEV));

    assertThat(ledger.current(target(DEV)).orElseThrow().commit()).isEqualTo(first);
  }

  @Test
  void rollback_whenEveryEarlierDigestIsQuarantined_isATypedErrorNamingThem() {
    PromotionPipeline p = pipeline();
    CommitSha first = onDev(t, p);
    CommitSha second = onDev(t, p);
    p.quarantine(digestOf(first), "alice", "corrupts orders");
    int deploys = t.deployer().deploys().size();

    assertThatThrownBy(() -> p.rollback(target(DEV)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("not quarantined")
        .hasMessageContaining(digestOf(first).toString());
    assertThat(t.deployer().deploys()).hasSize(deploys);
  }

  @Test
  void aFailedVerification_quarantinesTheDigest_whereTheEnvironmentAsksForIt() {
    FakeDeploymentVerifier verifier = new FakeDeploymentVerifier();
    Environments table = table("dev", b -> b.quarantineOnFailedVerification(true));
    PromotionPipeline p = onClock(table).verifier(verifier).build();
    CommitSha commit = t.pushBuild();
    verifier.nextResult(
        new VerificationResult(
            VerificationResult.Outcome.UNHEALTHY, "/health answered 503\nupstream down"));

    assertThatThrownBy(() -> p.run(pushToMain(commit)))
        .isInstanceOf(DeploymentFailedException.class);

    QuarantineRecord q = ledger.quarantined(digestOf(commit)).orElseThrow();
    assertThat(q.who()).isEqualTo(QuarantineRecord.AUTOMATIC);
    assertThat(q.at()).isEqualTo(MONDAY_MORNING);
    assertThat(q.reason())
        .isEqualTo("verification of dev failed: /health answered 503 upstream down");
    assertThatThrownBy(() -> p.run(pushToMain(commit)))
        .isInstanceOf(DigestQuarantinedException.class);
  }

  @Test
  void aFailedVerification_quarantinesNothing_byDefault() {
    FakeDeploymentVerifier verifier = new FakeDeploymentVerifier();
    PromotionPipeline p = onClock(Environments.standard()).verifier(verifier).build();
    CommitSha commit = t.pushBuild();
    verifier.nextResult(
        new VerificationResult(VerificationResult.Outcome.UNHEALTHY, "/health answered 503"));

    assertThatThrownBy(() -> p.run(pushToMain(commit)))
        .isInstanceOf(DeploymentFailedException.class);

    assertThat(ledger.quarantines()).isEmpty();
    p.run(pushToMain(commit));
    assertThat(ledger.current(target(DEV))).isPresent();
  }
}
