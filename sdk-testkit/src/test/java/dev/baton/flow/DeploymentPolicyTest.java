package dev.baton.flow;

import static dev.baton.flow.Events.DEV;
import static dev.baton.flow.Events.PREVIEW;
import static dev.baton.flow.Events.PROD;
import static dev.baton.flow.Events.STAGING;
import static dev.baton.flow.Events.onDev;
import static dev.baton.flow.Events.pr;
import static dev.baton.flow.Events.published;
import static dev.baton.flow.Events.pushToMain;
import static dev.baton.flow.Events.target;
import static dev.baton.flow.Tables.officeHoursOn;
import static dev.baton.flow.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.BreakGlass;
import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.DeploymentWindowClosedException;
import dev.baton.EnvironmentName;
import dev.baton.Environments;
import dev.baton.Freeze;
import dev.baton.ManualTrigger;
import dev.baton.PipelineEvent;
import dev.baton.Plan;
import dev.baton.PromotionPipeline;
import dev.baton.RunResult;
import dev.baton.SoakIncompleteException;
import dev.baton.spi.DeploymentState;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Deployment windows, freezes, the break-glass override and soaks, on a controlled clock: a refused
 * deploy is refused while planning, before anything runs.
 */
class DeploymentPolicyTest extends ClockedFlow {
  private PromotionPipeline pipeline(Environments table) {
    return onClock(table).build();
  }

  private static Environments officeHoursOnDev() {
    return officeHoursOn("dev");
  }

  /**
   * The call is refused because {@code env} is closed (outside its windows or inside a freeze), by
   * {@code closedBy}, until {@code opensAt}.
   *
   * @return the refusal, for more checks
   */
  private static DeploymentWindowClosedException assertClosed(
      ThrowingCallable call, EnvironmentName env, String closedBy, String opensAt) {
    DeploymentWindowClosedException e =
        catchThrowableOfType(DeploymentWindowClosedException.class, call);
    assertThat(e).as("refused as closed").isNotNull();
    assertThat(e.environment()).isEqualTo(env);
    assertThat(e.closedBy()).contains(closedBy);
    assertThat(e.opensAt()).contains(Instant.parse(opensAt));
    return e;
  }

  /**
   * The call is refused because {@code upstream} has not yet run the digest for {@code env}'s soak;
   * {@code remaining} is left.
   *
   * @return the refusal, for more checks
   */
  private static SoakIncompleteException assertSoaking(
      ThrowingCallable call, EnvironmentName env, EnvironmentName upstream, Duration remaining) {
    SoakIncompleteException e = catchThrowableOfType(SoakIncompleteException.class, call);
    assertThat(e).as("refused for a soak").isNotNull();
    assertThat(e.environment()).isEqualTo(env);
    assertThat(e.upstream()).isEqualTo(upstream);
    assertThat(e.remaining()).isEqualTo(remaining);
    return e;
  }

  @Test
  void outsideEveryWindow_theRunIsRefusedWhilePlanning_andNothingRuns() {
    PromotionPipeline p = pipeline(officeHoursOnDev());
    clock.advance(Duration.between(MONDAY_MORNING, SATURDAY));
    CommitSha commit = t.pushBuild();

    Plan plan = p.plan(pushToMain(commit));
    assertThat(plan.actions()).isEmpty();
    assertThat(
            GateAssertions.onlyGate(plan, DEV, "window", DeploymentWindowClosedException.class)
                .reason())
        .contains("next opens at 2026-01-12T08:00:00Z");
    assertThat(
            assertClosed(
                    () -> p.run(pushToMain(commit)),
                    DEV,
                    "MON,TUE,WED,THU,FRI 09:00-17:00 Europe/Berlin",
                    "2026-01-12T08:00:00Z")
                .getMessage())
        .contains("next opens at 2026-01-12T08:00:00Z");

    assertThat(t.deployer().deploys()).isEmpty();
    assertThat(t.registry().toString()).doesNotContain("latest");
    assertThat(p.ledger().history(DEV)).isEmpty();
    assertThat(t.events())
        .hasSize(2)
        .allSatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfAny(
                        PipelineEvent.RunStarted.class, PipelineEvent.RunFinished.class));
  }

  @Test
  void insideAWindow_theRunGoesAhead() {
    PromotionPipeline p = pipeline(officeHoursOnDev());
    p.run(pushToMain(t.pushBuild()));
    assertThat(t.deployer().deploys()).hasSize(1);
  }

  @Test
  void aPlanMadeInsideTheWindow_isRefusedWhenExecutedAfterIt() {
    PromotionPipeline p = pipeline(officeHoursOnDev());
    Plan plan = p.plan(pushToMain(t.pushBuild()));
    clock.advance(Duration.ofHours(8));

    assertThatThrownBy(() -> p.execute(plan)).isInstanceOf(DeploymentWindowClosedException.class);
    assertThat(t.deployer().deploys()).isEmpty();
    assertThat(p.ledger().history(DEV)).isEmpty();
  }

  @Test
  void insideAFreeze_deploysAreRefused_butDestroysGoAhead() {
    Freeze holidays = Freeze.between("2026-01-06T00:00:00Z", "2026-01-07T00:00:00Z", "holidays");
    PromotionPipeline p = pipeline(table("preview", b -> b.freezes(holidays)));
    CommitSha commit = t.pushBuild();
    p.run(pr(7, "labeled", "deploy", commit, "deploy"));
    clock.advance(Duration.ofDays(1));

    CommitSha next = t.pushBuild();
    assertClosed(
        () -> p.run(pr(7, "synchronize", "", next, "deploy")),
        PREVIEW,
        "holidays",
        "2026-01-07T00:00:00Z");
    assertThat(t.deployer().deploys()).hasSize(1);

    p.destroyPreview(7);
    assertThat(t.deployer().destroys()).hasSize(1);
  }

  @Test
  void breakGlass_letsTheDeployThrough_andIsRecorded() {
    PromotionPipeline p = pipeline(officeHoursOnDev());
    clock.advance(Duration.between(MONDAY_MORNING, SATURDAY));
    CommitSha commit = t.pushBuild();

    RunResult result =
        p.withBreakGlass(BreakGlass.of("alice", "checkout is down")).run(pushToMain(commit));

    assertThat(t.deployer().deploys()).hasSize(1);
    assertThat(p.ledger().current(target(DEV))).isPresent();
    assertThat(result.plan().reason())
        .contains("break-glass by alice: checkout is down", "outside its deployment windows");
    assertThat(result.plan().toJson()).contains("break-glass by alice: checkout is down");
    assertThat(t.events())
        .filteredOn(PipelineEvent.BreakGlassUsed.class::isInstance)
        .singleElement()
        .satisfies(
            e -> {
              var used = (PipelineEvent.BreakGlassUsed) e;
              assertThat(used.target()).isEqualTo(target(DEV));
              assertThat(used.breakGlass().who()).isEqualTo("alice");
              assertThat(used.overridden()).contains("next opens at 2026-01-12T08:00:00Z");
            });
  }

  @Test
  void breakGlass_insideTheWindow_recordsNothing() {
    PromotionPipeline p = pipeline(officeHoursOnDev());
    RunResult result =
        p.withBreakGlass(BreakGlass.of("alice", "just in case")).run(pushToMain(t.pushBuild()));
    assertThat(result.plan().reason()).doesNotContain("break-glass");
    assertThat(t.events()).noneMatch(PipelineEvent.BreakGlassUsed.class::isInstance);
  }

  @Test
  void breakGlass_needsWhoAndAReason() {
    assertThatThrownBy(() -> BreakGlass.of("alice", " ")).hasMessageContaining("needs a reason");
    assertThatThrownBy(() -> BreakGlass.of("", "outage")).hasMessageContaining("who");
  }

  private PromotionPipeline soaking() {
    return pipeline(table("staging", b -> b.soak(Duration.ofHours(2))));
  }

  private static ManualTrigger toStaging(CommitSha commit) {
    return ManualTrigger.deploy(DeploymentTarget.of(STAGING), commit);
  }

  @Test
  void soak_refusesUntilTheUpstreamRanTheDigestLongEnough() {
    PromotionPipeline p = soaking();
    CommitSha commit = onDev(t, p);
    clock.advance(Duration.ofMinutes(30));

    assertThat(
            assertSoaking(() -> p.run(toStaging(commit)), STAGING, DEV, Duration.ofMinutes(90))
                .getMessage())
        .contains("PT1H30M remains");
    assertThat(t.deployer().deploys()).hasSize(1);
    assertThat(p.ledger().history(STAGING)).isEmpty();

    clock.advance(Duration.ofMinutes(90));
    p.run(toStaging(commit));
    assertThat(p.ledger().current(target(STAGING))).isPresent();
  }

  @Test
  void soak_countsAnUpstreamDeploymentSinceReplaced() {
    PromotionPipeline p = soaking();
    CommitSha first = onDev(t, p);
    clock.advance(Duration.ofHours(2));
    p.run(pushToMain(t.pushBuild()));
    assertThat(p.ledger().history(DEV))
        .filteredOn(d -> d.commit().equals(first))
        .extracting(d -> d.state())
        .containsOnly(DeploymentState.INACTIVE);

    assertThatThrownBy(() -> p.run(toStaging(first))).isInstanceOf(SoakIncompleteException.class);
    clock.advance(Duration.ofHours(2));
    p.run(toStaging(first));
    assertThat(p.ledger().current(target(STAGING))).isPresent();
  }

  @Test
  void soak_ofAnUpstreamInTheSameRelease_stopsTheRunBeforeTheDownstream_afterTheUpstreamRan() {
    PromotionPipeline p = pipeline(table("prod", b -> b.soak(Duration.ofHours(2))));
    CommitSha commit = onDev(t, p);
    var version = t.releases().releases().get(0).version();
    t.releases().publish(version);

    assertSoaking(
        () -> p.run(published(version.tag(), commit)), PROD, STAGING, Duration.ofHours(2));
    assertThat(t.deployer().deploys())
        .extracting(d -> d.target().environment())
        .containsExactly(DEV, STAGING);
    assertThat(t.approvals().requests()).isEmpty();

    clock.advance(Duration.ofHours(2));
    p.run(ManualTrigger.deploy(DeploymentTarget.of(PROD), commit));
    assertThat(p.ledger().current(target(PROD))).isPresent();
  }

  @Test
  void breakGlass_doesNotOverrideASoak() {
    PromotionPipeline p = soaking();
    CommitSha commit = onDev(t, p);
    assertThatThrownBy(
            () -> p.withBreakGlass(BreakGlass.of("alice", "hurry")).run(toStaging(commit)))
        .isInstanceOf(SoakIncompleteException.class);
  }
}
