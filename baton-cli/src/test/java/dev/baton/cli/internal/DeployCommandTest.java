package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.spi.CommitOrder;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.LeaseKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code baton deploy}: what it deploys, what it leaves alone, and each way it is refused. */
class DeployCommandTest extends DirectCommandTestBase {
  static final DeploymentTarget DEV = DeploymentTarget.of(EnvironmentName.parse("dev"));

  @TempDir Path elsewhere;

  @Test
  void deploy_deploysTheBuild_andSaysSo() {
    CliRunner.Outcome o = f.run("deploy", "dev", "--commit", f.c1.value());

    assertThat(o.exit()).as(o.err()).isZero();
    Map<String, String> out = DirectFixture.outputs(o);
    assertThat(out)
        .containsEntry("result", "deployed")
        .containsEntry("target", "dev")
        .containsEntry("commit", f.c1.value())
        .containsEntry("digest", f.builds.get(f.c1).digest().toString())
        .containsEntry("url", "https://dev.app.example.test");
    assertThat(o.err())
        .contains("leases: in memory (the test's)")
        .contains("commit order: the git clone at " + dir)
        .contains("deployed: dev runs " + f.c1)
        .contains("note: the draft release is not updated");
    assertThat(f.providers.deployer.deploys()).hasSize(1);
    assertThat(f.providers.ledger.current(DEV)).map(DeploymentRecord::commit).contains(f.c1);
  }

  @Test
  void sameCommitAgain_isAlreadyCurrent_andNothingIsDeployed() {
    assertThat(f.run("deploy", "dev", "--commit", f.c1.value()).exit()).isZero();

    CliRunner.Outcome o = f.run("deploy", "dev", "--commit", f.c1.value());

    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(DirectFixture.outputs(o))
        .containsEntry("result", "already-current")
        .containsEntry("commit", f.c1.value());
    assertThat(o.err()).contains("already current: dev runs " + f.c1);
    assertThat(f.providers.deployer.deploys()).hasSize(1);
  }

  @Test
  void olderCommit_isRefused_byTheCloneInTheWorkingDirectory() {
    assertThat(f.run("deploy", "dev", "--commit", f.c2.value()).exit()).isZero();

    CliRunner.Outcome o = f.run("deploy", "dev", "--commit", f.c1.value());

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err())
        .contains("baton deploy: refused (older commit): refusing to deploy " + f.c1)
        .contains("hint: deploy a newer commit, or roll back explicitly (baton rollback)");
    assertThat(f.providers.deployer.deploys()).hasSize(1);
    assertThat(o.out()).isEmpty();
  }

  @Test
  void olderCommit_isRefused_byTheCloneAtRepo() {
    String config = dir.resolve("baton.yaml").toString();
    assertThat(
            f.in(elsewhere, "deploy", "dev", "--commit", f.c2.value(), "--config", config).exit())
        .isZero();

    CliRunner.Outcome o =
        f.in(
            elsewhere,
            "deploy",
            "dev",
            "--commit",
            f.c1.value(),
            "--config",
            config,
            "--repo",
            dir.toString());

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("refused (older commit)").contains("the git clone at " + dir);
  }

  @Test
  void withoutAClone_orGitHub_theOrderIsUnknown_andNothingIsRefusedForIt() {
    String config = dir.resolve("baton.yaml").toString();
    f.in(elsewhere, "deploy", "dev", "--commit", f.c2.value(), "--config", config);

    CliRunner.Outcome o =
        f.in(elsewhere, "deploy", "dev", "--commit", f.c1.value(), "--config", config);

    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.err()).contains("commit order: none (no git clone at " + elsewhere);
  }

  @Test
  void withoutAClone_GitHubsCompareApiOrdersCommits() {
    f.env.put("GITHUB_REPOSITORY", "acme/shop");
    f.env.put("GITHUB_TOKEN", "ghs_direct0token");
    f.providers.githubHistory =
        (a, b) -> a.equals(f.c1) && b.equals(f.c2) ? CommitOrder.OLDER : CommitOrder.UNKNOWN;
    String config = dir.resolve("baton.yaml").toString();
    f.in(elsewhere, "deploy", "dev", "--commit", f.c2.value(), "--config", config);

    CliRunner.Outcome o =
        f.in(elsewhere, "deploy", "dev", "--commit", f.c1.value(), "--config", config);

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("refused (older commit)").contains("GitHub's compare API");
    assertThat(f.providers.calls).contains("history acme/shop https://api.github.com");
    assertThat(o.err()).doesNotContain("ghs_direct0token");
  }

  @Test
  void aRunForANewerCommitWaiting_supersedesThisOne() {
    f.providers.leases.join(
        LeaseKey.of(DEV), "other-run", Optional.of(f.c2), Duration.ofMinutes(5));

    CliRunner.Outcome o = f.run("deploy", "dev", "--commit", f.c1.value());

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err())
        .contains("refused (superseded by a newer commit): gave way on dev")
        .contains("hint: nothing to do: dev receives the newer commit");
    assertThat(f.providers.deployer.deploys()).isEmpty();
  }

  @Test
  void leaseHeldPastTheWait_isRefused_namingTheSetting() throws Exception {
    f.config("coordination:\n  lease-wait: 1s\n");
    f.providers.leases.tryAcquire(LeaseKey.of(DEV), "other-run", Duration.ofMinutes(5));

    CliRunner.Outcome o = f.run("deploy", "dev", "--commit", f.c1.value());

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err())
        .contains("refused (lease not obtained before the deadline)")
        .contains("held by other-run")
        .contains("coordination.lease-wait");
    assertThat(f.providers.deployer.deploys()).isEmpty();
  }

  @Test
  void anotherWriterChangingTheTargetMeanwhile_makesTheWriteStale() {
    f.providers.duringDeploy =
        () -> {
          DeploymentRecord other =
              f.providers.ledger.begin(
                  new DeploymentStart(DEV, f.c2, f.builds.get(f.c2).pinned(), Map.of()));
          f.providers.ledger.finish(other, DeploymentState.SUCCESS, "");
        };

    CliRunner.Outcome o = f.run("deploy", "dev", "--commit", f.c1.value());

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("refused (stale write): refused a stale write to dev");
    assertThat(f.providers.ledger.current(DEV)).map(DeploymentRecord::commit).contains(f.c2);
  }

  @Test
  void prod_needsStagingFirst_andApproved() {
    CliRunner.Outcome upstream = f.run("deploy", "prod", "--commit", f.c1.value(), "--approved");
    assertThat(upstream.exit()).isEqualTo(1);
    assertThat(upstream.err()).contains("staging has not successfully run");
    assertThat(f.run("deploy", "dev", "--commit", f.c1.value()).exit()).isZero();
    assertThat(f.run("deploy", "staging", "--commit", f.c1.value()).exit()).isZero();

    CliRunner.Outcome refused = f.run("deploy", "prod", "--commit", f.c1.value());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("prod requires approval").contains("'--approved'");

    CliRunner.Outcome approved = f.run("deploy", "prod", "--commit", f.c1.value(), "--approved");
    assertThat(approved.exit()).as(approved.err()).isZero();
    assertThat(DirectFixture.outputs(approved)).containsEntry("target", "prod");
  }

  @Test
  void perPullRequestEnvironment_deploysThePullRequestsInstance() {
    CliRunner.Outcome o = f.run("deploy", "preview", "--commit", f.c1.value(), "--pr", "7");

    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(DirectFixture.outputs(o)).containsEntry("target", "preview#7");
    assertThat(f.providers.deployer.deploys().get(0).variables()).containsEntry("PR_NUMBER", "7");
  }

  @Test
  void insideAFreeze_isRefused_unlessTheGlassIsBroken_whichIsRecorded() throws Exception {
    f.config(
        """
        environments:
          - name: dev
            trigger: push
            freezes: [{from: 2000-01-01T00:00:00Z, until: 2100-01-01T00:00:00Z, reason: test}]
        """);
    CliRunner.Outcome refused = f.run("deploy", "dev", "--commit", f.c1.value());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .contains("refusing to deploy to dev: it is inside its freeze")
        .contains("(test)")
        .contains("next opens at 2100-01-01T00:00:00Z")
        .contains("--break-glass");
    assertThat(f.providers.deployer.deploys()).isEmpty();

    assertThat(f.run("deploy", "dev", "--commit", f.c1.value(), "--break-glass", " ").exit())
        .isEqualTo(2);

    f.env.put("GITHUB_ACTOR", "mona");
    CliRunner.Outcome broken =
        f.run("deploy", "dev", "--commit", f.c1.value(), "--break-glass", "outage");
    assertThat(broken.exit()).as(broken.err()).isZero();
    assertThat(broken.err()).contains("break-glass by mona: outage lets dev through");
    assertThat(f.providers.deployer.deploys()).hasSize(1);
  }

  @Test
  void badCommandLines_exit2() {
    assertThat(f.run("deploy", "dev").err()).contains("--commit");
    assertThat(f.run("deploy", "dev", "--commit", "abc").exit()).isEqualTo(2);
    CliRunner.Outcome shared = f.run("deploy", "dev", "--commit", f.c1.value(), "--pr", "3");
    assertThat(shared.exit()).isEqualTo(2);
    assertThat(shared.err()).contains("--pr: dev is a shared environment");
    CliRunner.Outcome perPr = f.run("deploy", "preview", "--commit", f.c1.value());
    assertThat(perPr.exit()).isEqualTo(2);
    assertThat(perPr.err()).contains("--pr is required");
    assertThat(f.run("deploy", "dev", "--commit", f.c1.value(), "--repo", elsewhere.toString()))
        .satisfies(
            o -> {
              assertThat(o.exit()).isEqualTo(1);
              assertThat(o.err()).contains("--repo: no git repository");
            });
  }
}
