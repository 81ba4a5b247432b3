package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.LeaseKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code baton destroy}: a pull request's instance, with its deploy's variables, under its lease.
 */
class DestroyCommandTest extends DirectCommandTestBase {
  static final DeploymentTarget PREVIEW_7 =
      DeploymentTarget.pullRequest(EnvironmentName.parse("preview"), 7);

  @Test
  void destroy_removesTheInstance_withItsDeploysVariables() {
    assertThat(f.run("deploy", "preview", "--pr", "7", "--commit", f.c1.value()).exit()).isZero();

    CliRunner.Outcome o = f.run("destroy", "preview", "--pr", "7");

    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(DirectFixture.outputs(o))
        .containsEntry("result", "destroyed")
        .containsEntry("target", "preview#7");
    assertThat(o.err()).contains("destroyed: preview#7");
    assertThat(f.providers.deployer.destroys())
        .singleElement()
        .satisfies(d -> assertThat(d.variables()).containsEntry("PR_NUMBER", "7"));
    assertThat(f.providers.ledger.current(PREVIEW_7)).isEmpty();
    assertThat(f.providers.ledger.history(PREVIEW_7.environment()).get(0).state())
        .isEqualTo(DeploymentState.INACTIVE);
  }

  @Test
  void anInstanceNeverDeployed_isDestroyedAnyway() {
    CliRunner.Outcome o = f.run("destroy", "preview", "--pr", "8");

    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(f.providers.deployer.destroys()).hasSize(1);
  }

  @Test
  void waitsForTheInstancesLease() throws Exception {
    f.config("coordination:\n  lease-wait: 1s\n");
    f.providers.leases.tryAcquire(LeaseKey.of(PREVIEW_7), "deploying-run", Duration.ofMinutes(5));

    CliRunner.Outcome o = f.run("destroy", "preview", "--pr", "7");

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("refused (lease not obtained before the deadline)");
    assertThat(f.providers.deployer.destroys()).isEmpty();
  }

  @Test
  void sharedEnvironment_orNoPullRequest_isBadUsage() {
    CliRunner.Outcome shared = f.run("destroy", "dev", "--pr", "7");
    assertThat(shared.exit()).isEqualTo(2);
    assertThat(shared.err()).contains("ENV: dev is a shared environment");

    CliRunner.Outcome missing = f.run("destroy", "preview");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("--pr");
    assertThat(f.providers.deployer.destroys()).isEmpty();
  }
}
