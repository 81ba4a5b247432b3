package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.spi.LeaseKey;
import dev.baton.testkit.atmos.FakeAtmos;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton sweep} with the fake atmos as a child process and fake pull requests: open, closed,
 * relabelled and idle previews.
 */
class SweepCommandTest {
  static final String TOKEN = "ghs_sweep0token0not0real";

  @TempDir Path clone;
  @TempDir Path tools;
  FakeAtmos atmos;
  DirectFixture f;

  @BeforeEach
  void setUp() throws Exception {
    atmos = FakeAtmos.install(tools);
    f =
        new DirectFixture(
            clone,
            "atmos:\n"
                + "  executable: '"
                + atmos.executable()
                + "'\n"
                + "  image-variable-check: off\n"
                + "environments:\n"
                + "  - name: preview\n"
                + "    trigger: pull-request\n"
                + "    per-pull-request: PR_NUMBER\n"
                + "    queue: supersede\n"
                + "    previews: {ttl: 72h, max-age: 14d}\n"
                + "  - name: dev\n"
                + "    trigger: push\n",
            FakeProviders.withRealAtmos());
    f.env.putAll(atmos.environment());
    f.env.put("GITHUB_REPOSITORY", "acme/shop");
    f.env.put("GITHUB_TOKEN", TOKEN);
  }

  private void deployPreview(int number) {
    CliRunner.Outcome o =
        f.run("deploy", "preview", "--pr", Integer.toString(number), "--commit", f.c1.value());
    assertThat(o.exit()).as(o.err()).isZero();
  }

  private boolean running(int number) {
    return atmos
        .deployedImage(atmos.workspace("preview", "app", Integer.toString(number)))
        .isPresent();
  }

  /** Open with the label, closed, relabelled, and idle for four days. */
  private void fourPreviews() {
    f.providers.ledgerClock.advance(Duration.ofDays(-4));
    deployPreview(4);
    f.providers.ledgerClock.advance(Duration.ofDays(4));
    deployPreview(1);
    deployPreview(2);
    deployPreview(3);
    f.providers.pullRequests.open(1, "deploy").closed(2, "deploy").open(3, "ui").open(4, "deploy");
  }

  @Test
  void dryRun_destroysNothing_andSaysWhatItWould() {
    fourPreviews();
    int calls = atmos.invocations().size();

    CliRunner.Outcome o = f.run("sweep", "--dry-run");

    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(DirectFixture.outputs(o))
        .containsEntry("result", "dry-run")
        .containsEntry("would-destroy", "preview#2 preview#3 preview#4")
        .containsEntry("destroyed", "")
        .containsEntry("kept", "preview#1");
    assertThat(atmos.invocations()).hasSize(calls);
    assertThat(running(1) && running(2) && running(3) && running(4)).isTrue();
  }

  @Test
  void sweep_destroysClosedRelabelledAndIdlePreviews_withTheirOwnPullRequestNumber() {
    fourPreviews();

    CliRunner.Outcome o = f.run("sweep");

    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(DirectFixture.outputs(o))
        .containsEntry("result", "swept")
        .containsEntry("destroyed", "preview#2 preview#3 preview#4")
        .containsEntry("kept", "preview#1");
    assertThat(o.err())
        .contains("preview#2: destroyed (pull request #2 is closed")
        .contains("preview#3: destroyed (pull request #3 no longer has the \"deploy\" label")
        .contains("preview#4: destroyed (idle for 4d")
        .doesNotContain(TOKEN);
    assertThat(running(1)).isTrue();
    assertThat(running(2) || running(3) || running(4)).isFalse();
    assertThat(atmos.invocations())
        .filteredOn(i -> i.command().equals("terraform destroy app"))
        .hasSize(3);

    CliRunner.Outcome again = f.run("sweep");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(DirectFixture.outputs(again))
        .containsEntry("destroyed", "")
        .containsEntry("kept", "preview#1");
  }

  @Test
  void previewWhoseLeaseIsHeld_isSkipped_andSweptNextTime() {
    deployPreview(2);
    f.providers.pullRequests.closed(2, "deploy");
    DeploymentTarget target = DeploymentTarget.pullRequest(EnvironmentName.parse("preview"), 2);
    var lease =
        f.providers.leases.tryAcquire(LeaseKey.of(target), "deploying-run", Duration.ofMinutes(5));

    CliRunner.Outcome during = f.run("sweep");

    assertThat(during.exit()).as(during.err()).isZero();
    assertThat(DirectFixture.outputs(during)).containsEntry("skipped", "preview#2");
    assertThat(during.err()).contains("lease held by deploying-run");
    assertThat(running(2)).isTrue();

    f.providers.leases.release(lease.orElseThrow());
    CliRunner.Outcome after = f.run("sweep");
    assertThat(DirectFixture.outputs(after)).containsEntry("destroyed", "preview#2");
    assertThat(running(2)).isFalse();
  }

  @Test
  void unreadablePullRequest_failsTheSweep_afterSweepingTheOthers() {
    deployPreview(5);
    deployPreview(6);
    f.providers.pullRequests.closed(6, "deploy");

    CliRunner.Outcome o = f.run("sweep");

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("could not read pull request #5");
    assertThat(DirectFixture.outputs(o))
        .containsEntry("skipped", "preview#5")
        .containsEntry("destroyed", "preview#6");
  }

  @Test
  void withoutGitHub_isAConfigurationError() {
    f.env.remove("GITHUB_TOKEN");

    CliRunner.Outcome o = f.run("sweep");

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("GITHUB_REPOSITORY and GITHUB_TOKEN are not both set");
  }
}
