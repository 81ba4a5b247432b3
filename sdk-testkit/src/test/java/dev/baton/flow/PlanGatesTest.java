package dev.baton.flow;

import static dev.baton.flow.Events.DEV;
import static dev.baton.flow.Events.PROD;
import static dev.baton.flow.Events.STAGING;
import static dev.baton.flow.Events.onDev;
import static dev.baton.flow.Events.published;
import static dev.baton.flow.Events.pushToMain;
import static dev.baton.flow.GateAssertions.assertShown;
import static dev.baton.flow.GateAssertions.onlyGate;
import static dev.baton.flow.Tables.officeHoursOn;
import static dev.baton.flow.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.DeploymentWindowClosedException;
import dev.baton.Digest;
import dev.baton.DigestQuarantinedException;
import dev.baton.Environments;
import dev.baton.Freeze;
import dev.baton.Gate;
import dev.baton.ManualTrigger;
import dev.baton.Plan;
import dev.baton.PlannedAction;
import dev.baton.PolicyViolationException;
import dev.baton.PromotionPipeline;
import dev.baton.SoakIncompleteException;
import dev.baton.UpstreamNotDeployedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each policy that refuses an environment shows in the plan, text and JSON, as a gate with its
 * reason; running a gated plan throws the gate's refusal before anything is written. (An older
 * commit's gate is in {@link CoordinationTest}, which has a commit history.)
 */
class PlanGatesTest extends ClockedFlow {
  private PromotionPipeline pipeline(Environments table) {
    return onClock(table).build();
  }

  /**
   * The plan shows its gates ({@link GateAssertions#assertShown}); executing it throws its first
   * gate's refusal, running its trigger one of the same type; neither deploys, tags or drafts a
   * release.
   */
  private void assertShownAndRunsNothing(
      PromotionPipeline p, Plan plan, Class<? extends PolicyViolationException> refusal) {
    assertShown(plan);
    int deploys = t.deployer().deploys().size();
    int tags = t.registry().tagWrites().size();
    int drafts = t.releases().creates();
    assertThatThrownBy(() -> p.execute(plan)).isSameAs(plan.gates().get(0).refusal());
    assertThatThrownBy(() -> p.run(plan.trigger())).isInstanceOf(refusal);
    assertThat(t.deployer().deploys()).hasSize(deploys);
    assertThat(t.registry().tagWrites()).hasSize(tags);
    assertThat(t.releases().creates()).isEqualTo(drafts);
  }

  @Test
  void outsideItsWindows_devIsAWindowGate_andNothingRuns() {
    PromotionPipeline p = pipeline(officeHoursOn("dev"));
    clock.advance(Duration.between(MONDAY_MORNING, SATURDAY));

    Plan plan = p.plan(pushToMain(t.pushBuild()));

    assertThat(plan.actions()).isEmpty();
    assertThat(plan.isEmpty()).isFalse();
    assertThat(onlyGate(plan, DEV, "window", DeploymentWindowClosedException.class).reason())
        .startsWith("refusing to deploy to dev: it is outside its deployment windows")
        .endsWith("it next opens at 2026-01-12T08:00:00Z");
    assertShownAndRunsNothing(p, plan, DeploymentWindowClosedException.class);
  }

  @Test
  void insideAFreeze_devIsAFreezeGate() {
    Freeze holidays = Freeze.between("2026-01-05T00:00:00Z", "2026-01-07T00:00:00Z", "holidays");
    PromotionPipeline p = pipeline(table("dev", b -> b.freezes(holidays)));

    Plan plan = p.plan(pushToMain(t.pushBuild()));

    assertThat(onlyGate(plan, DEV, "freeze", DeploymentWindowClosedException.class).reason())
        .contains("holidays");
    assertShownAndRunsNothing(p, plan, DeploymentWindowClosedException.class);
  }

  @Test
  void aWindowClosedOnProd_keepsTheStepsBeforeIt_butTheRunWritesNothing() {
    PromotionPipeline p = pipeline(officeHoursOn("prod"));
    CommitSha commit = onDev(t, p);
    clock.advance(Duration.between(MONDAY_MORNING, SATURDAY));

    Plan plan = p.plan(published("1.0.0", commit));

    assertThat(plan.actions()).first().isInstanceOf(PlannedAction.ReleaseTag.class);
    assertThat(plan.actions())
        .filteredOn(PlannedAction.Deploy.class::isInstance)
        .extracting(a -> ((PlannedAction.Deploy) a).target().environment())
        .containsExactly(STAGING);
    onlyGate(plan, PROD, "window", DeploymentWindowClosedException.class);
    assertShownAndRunsNothing(p, plan, DeploymentWindowClosedException.class);
    assertThat(p.ledger().history(STAGING)).isEmpty();
  }

  @Test
  void aSoakNotDone_isASoakGate() {
    PromotionPipeline p = pipeline(table("staging", b -> b.soak(Duration.ofHours(2))));
    CommitSha commit = onDev(t, p);
    clock.advance(Duration.ofMinutes(30));

    Plan plan = p.plan(ManualTrigger.deploy(DeploymentTarget.of(STAGING), commit));

    assertThat(plan.actions()).isEmpty();
    assertThat(onlyGate(plan, STAGING, "soak", SoakIncompleteException.class).reason())
        .contains("PT1H30M remains");
    assertShownAndRunsNothing(p, plan, SoakIncompleteException.class);
  }

  @Test
  void aReleaseDevNeverRan_isAnUpstreamGate_forStagingAndTheProdThatNeedsIt() {
    PromotionPipeline p = pipeline(Environments.standard());
    CommitSha commit = t.pushBuild();

    Plan plan = p.plan(published("1.0.0", commit));

    assertThat(plan.actions()).singleElement().isInstanceOf(PlannedAction.ReleaseTag.class);
    assertThat(plan.gates()).extracting(Gate::environment).containsExactly(STAGING, PROD);
    assertThat(plan.gates()).extracting(Gate::kind).containsOnly("upstream");
    assertThat(plan.gates().get(0).refusal()).isInstanceOf(UpstreamNotDeployedException.class);
    assertThat(plan.gates().get(1).reason()).isEqualTo("needs staging, which is gated (upstream)");
    assertShownAndRunsNothing(p, plan, UpstreamNotDeployedException.class);
  }

  @Test
  void aQuarantinedDigest_isAQuarantineGate() {
    PromotionPipeline p = pipeline(Environments.standard());
    CommitSha commit = onDev(t, p);
    Digest digest = p.ledger().build(commit).orElseThrow().digest();
    p.quarantine(digest, "alice", "leaks memory");

    Plan plan = p.plan(pushToMain(commit));

    assertThat(onlyGate(plan, DEV, "quarantine", DigestQuarantinedException.class).reason())
        .startsWith("refusing to deploy to dev: " + digest + " is quarantined (by alice")
        .contains("leaks memory");
    assertThat(plan.toString()).contains("\ngate  dev  quarantine: refusing to deploy to dev: ");
    assertShownAndRunsNothing(p, plan, DigestQuarantinedException.class);
  }

  @Test
  void aPlanNothingRefuses_hasNoGates_andTheJsonOfBefore() {
    PromotionPipeline p = pipeline(Environments.standard());
    Plan plan = p.plan(pushToMain(t.pushBuild()));

    assertThat(plan.gates()).isEmpty();
    assertThat(plan.isGated()).isFalse();
    assertThat(plan.toJson()).doesNotContain("gates");
    assertThat(plan.toString()).doesNotContain("gate ");
    assertThat(new Plan(plan.trigger(), plan.reason(), plan.actions())).isEqualTo(plan);
  }

  @Test
  void aGate_refusesAKindItDoesNotKnow() {
    var refusal =
        new UpstreamNotDeployedException(DEV, STAGING, Digest.parse("sha256:" + "a".repeat(64)));
    assertThatThrownBy(() -> new Gate(DEV, "approval", "x", refusal))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"approval\"");
  }
}
