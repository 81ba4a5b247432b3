package dev.baton.flow;

import static dev.baton.flow.Events.PROD;
import static dev.baton.flow.Events.STAGING;
import static dev.baton.flow.Events.onDev;
import static dev.baton.flow.Events.published;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import dev.baton.EnvironmentName;
import dev.baton.Gate;
import dev.baton.Plan;
import dev.baton.PlannedAction;
import dev.baton.ReleaseTrigger;
import dev.baton.UpstreamNotDeployedException;
import dev.baton.spi.DeployRequest;
import dev.baton.testkit.TestPipeline;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A flow split into jobs plans and runs its own environments only ({@code plan(trigger, only)},
 * {@code run(trigger, only)}): the release's retag goes with whichever job runs, an environment
 * left out is neither planned nor gated, and one that needs it finds it in the ledger.
 */
class PlanOnlyTest {
  private final TestPipeline t = TestPipeline.create();

  private ReleaseTrigger released() {
    CommitSha commit = onDev(t);
    return published("1.0.0", commit);
  }

  private static Set<EnvironmentName> targetsOf(Plan plan) {
    return plan.actions().stream()
        .filter(PlannedAction.Targeted.class::isInstance)
        .map(a -> ((PlannedAction.Targeted) a).target().environment())
        .collect(Collectors.toSet());
  }

  @Test
  void onlyStaging_plansTheRetagAndStaging_andNothingForProd() {
    ReleaseTrigger release = released();

    Plan all = t.pipeline().plan(release);
    Plan staging = t.pipeline().plan(release, Set.of(STAGING));

    assertThat(targetsOf(all)).containsExactlyInAnyOrder(STAGING, PROD);
    assertThat(targetsOf(staging)).containsExactly(STAGING);
    assertThat(staging.actions()).filteredOn(PlannedAction.ReleaseTag.class::isInstance).hasSize(1);
    assertThat(staging.reason()).isEqualTo(all.reason() + " (this run: only [staging])");
    assertThat(staging.gates()).isEmpty();
  }

  @Test
  void onlyProd_beforeStagingRan_isGatedFromTheLedger_andRunsNothing() {
    ReleaseTrigger release = released();
    int deploys = t.deployer().deploys().size();

    Plan prod = t.pipeline().plan(release, Set.of(PROD));

    assertThat(prod.gates()).extracting(Gate::environment).containsExactly(PROD);
    assertThat(prod.gates().get(0).refusal())
        .isInstanceOf(UpstreamNotDeployedException.class)
        .hasMessageContaining("staging");
    assertThatThrownBy(() -> t.pipeline().run(release, Set.of(PROD)))
        .isInstanceOf(UpstreamNotDeployedException.class);
    assertThat(t.deployer().deploys()).hasSize(deploys);
  }

  @Test
  void stagingThenProd_asTwoJobs_deployEachOnce_withTheSameDigest() {
    ReleaseTrigger release = released();
    int before = t.deployer().deploys().size();

    t.pipeline().run(release, Set.of(STAGING));
    t.pipeline().run(release, Set.of(PROD));

    List<DeployRequest> deploys =
        t.deployer().deploys().subList(before, t.deployer().deploys().size());
    assertThat(deploys).extracting(d -> d.target().environment()).containsExactly(STAGING, PROD);
    assertThat(deploys.get(0).image().digest())
        .isPresent()
        .isEqualTo(deploys.get(1).image().digest());
  }

  @Test
  void anEnvironmentThePipelineDoesNotHave_isRefusedByName() {
    ReleaseTrigger release = released();

    assertThatThrownBy(() -> t.pipeline().plan(release, Set.of(EnvironmentName.parse("qa"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("\"qa\"");
  }
}
