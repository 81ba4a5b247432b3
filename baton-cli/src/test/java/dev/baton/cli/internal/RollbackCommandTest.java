package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.spi.DeploymentRecord;
import org.junit.jupiter.api.Test;

/** {@code baton rollback}: the one way back to an older commit. */
class RollbackCommandTest extends DirectCommandTestBase {
  static final DeploymentTarget DEV = DeploymentTarget.of(EnvironmentName.parse("dev"));

  @Test
  void rollback_deploysThePreviousDigestAgain_althoughItsCommitIsOlder() {
    assertThat(f.run("deploy", "dev", "--commit", f.c1.value()).exit()).isZero();
    assertThat(f.run("deploy", "dev", "--commit", f.c2.value()).exit()).isZero();

    CliRunner.Outcome o = f.run("rollback", "dev");

    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(DirectFixture.outputs(o))
        .containsEntry("result", "rolled-back")
        .containsEntry("target", "dev")
        .containsEntry("commit", f.c1.value())
        .containsEntry("digest", f.builds.get(f.c1).digest().toString());
    assertThat(o.err()).contains("rolled back: dev runs " + f.c1 + " again").contains(f.c2.value());
    assertThat(f.providers.ledger.current(DEV)).map(DeploymentRecord::commit).contains(f.c1);
  }

  @Test
  void nothingEarlier_isAFailure_withHint() {
    assertThat(f.run("deploy", "dev", "--commit", f.c1.value()).exit()).isZero();

    CliRunner.Outcome o = f.run("rollback", "dev");

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("no earlier digest").contains("hint:");
  }

  @Test
  void prod_needsApproved() {
    for (String env : new String[] {"dev", "staging"}) {
      f.run("deploy", env, "--commit", f.c1.value());
      f.run("deploy", env, "--commit", f.c2.value());
    }
    f.run("deploy", "prod", "--commit", f.c1.value(), "--approved");
    f.run("deploy", "prod", "--commit", f.c2.value(), "--approved");

    CliRunner.Outcome refused = f.run("rollback", "prod");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("prod requires approval");

    CliRunner.Outcome o = f.run("rollback", "prod", "--approved");
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(DirectFixture.outputs(o)).containsEntry("commit", f.c1.value());
  }

  @Test
  void perPullRequestEnvironment_needsPr() {
    CliRunner.Outcome o = f.run("rollback", "preview");
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).contains("--pr is required");
  }
}
