package dev.baton.atmos;

import static dev.baton.atmos.testing.AtmosFixture.PREVIEW;
import static dev.baton.atmos.testing.AtmosFixture.deployDev;
import static dev.baton.atmos.testing.AtmosFixture.deployPreview;
import static dev.baton.atmos.testing.AtmosFixture.destroyPreview;
import static dev.baton.atmos.testing.AtmosFixture.newImage;
import static dev.baton.atmos.testing.AtmosFixture.preview;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ConfigurationException;
import dev.baton.Hints;
import dev.baton.ImageReference;
import dev.baton.atmos.testing.AtmosFixture;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeployResult;
import dev.baton.spi.DestroyRequest;
import dev.baton.spi.DestroyResult;
import dev.baton.spi.Progress;
import dev.baton.spi.StackOutputs;
import dev.baton.testkit.atmos.FakeAtmos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What reaches the atmos process, and what comes back from it. */
class AtmosStackDeployerProcessTest extends AtmosTestCase {
  private List<FakeAtmos.Invocation> calls(String command) {
    return atmos.invocations().stream().filter(i -> i.command().equals(command)).toList();
  }

  @Test
  void deploy_passesPinnedImageAndPrNumberToTheProcess() {
    AtmosStackDeployer deployer = fixture.builder().build();
    ImageReference image = newImage();

    deployer.deploy(deployPreview(42, image), Progress.NONE);

    FakeAtmos.Invocation deploy = calls("terraform deploy app").get(0);
    assertThat(deploy.arguments()).containsExactly("terraform", "deploy", "app", "-s", "preview");
    assertThat(deploy.environment())
        .containsEntry("APP_IMAGE", image.toString())
        .containsEntry("PR_NUMBER", "42");
    assertThat(image.toString()).contains("@sha256:");
    assertThat(atmos.deployedImage(atmos.workspace("preview", "app", "42")))
        .contains(image.toString());
    assertThat(deploy.workingDirectory()).isEqualTo(fixture.workDir.toAbsolutePath());
  }

  @Test
  void deploy_whenPerPullRequestTargetLacksPrNumber_addsItFromTheTarget() {
    AtmosStackDeployer deployer = fixture.builder().build();
    ImageReference image = newImage();

    deployer.deploy(new DeployRequest(preview(7), PREVIEW, image, Map.of()), Progress.NONE);

    assertThat(calls("terraform deploy app").get(0).environment()).containsEntry("PR_NUMBER", "7");
    assertThat(atmos.deployedImage(atmos.workspace("preview", "app", "7"))).isPresent();
    assertThat(atmos.deployedImage(atmos.workspace("preview", "app", ""))).isEmpty();
  }

  @Test
  void deploy_whenPrNumberContradictsTarget_isRejectedBeforeAnyProcess() {
    AtmosStackDeployer deployer = fixture.builder().build();

    assertThatThrownBy(
            () ->
                deployer.deploy(
                    new DeployRequest(preview(7), PREVIEW, newImage(), Map.of("PR_NUMBER", "8")),
                    Progress.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PR_NUMBER=8")
        .hasMessageContaining("preview#7");
    assertThat(atmos.invocations()).isEmpty();
  }

  @Test
  void destroy_carriesTheDeploysIdentity() {
    AtmosStackDeployer deployer = fixture.builder().build();
    ImageReference image = newImage();
    deployer.deploy(deployPreview(42, image), Progress.NONE);
    deployer.deploy(deployPreview(43, image), Progress.NONE);

    DestroyResult result = deployer.destroy(destroyPreview(42), Progress.NONE);

    FakeAtmos.Invocation destroy = calls("terraform destroy app").get(0);
    assertThat(destroy.arguments())
        .containsExactly("terraform", "destroy", "app", "-s", "preview", "-auto-approve");
    assertThat(destroy.environment())
        .containsEntry("PR_NUMBER", "42")
        .doesNotContainKey("APP_IMAGE");
    assertThat(result.outcome()).isEqualTo(DestroyResult.Outcome.DESTROYED);
    assertThat(result.destroyed()).isEqualTo(3);
    assertThat(atmos.deployedImage(atmos.workspace("preview", "app", "42"))).isEmpty();
    assertThat(atmos.deployedImage(atmos.workspace("preview", "app", "43"))).isPresent();
    // The reference cleanup's bug: destroying workspace "-0". Nothing may touch it.
    assertThat(atmos.events()).noneMatch(e -> e.workspace().endsWith("-preview-app-0"));
  }

  @Test
  void destroy_whenPerPullRequestTargetLacksPrNumber_stillDestroysThatPullRequest() {
    AtmosStackDeployer deployer = fixture.builder().build();
    deployer.deploy(deployPreview(9, newImage()), Progress.NONE);

    DestroyResult result =
        deployer.destroy(new DestroyRequest(preview(9), PREVIEW, Map.of()), Progress.NONE);

    assertThat(result.outcome()).isEqualTo(DestroyResult.Outcome.DESTROYED);
    assertThat(atmos.deployedImage(atmos.workspace("preview", "app", "9"))).isEmpty();
  }

  @Test
  void deploy_whenSameImageTwice_isNoChangesWithHint_despiteAnsiColours() {
    AtmosStackDeployer deployer = fixture.builder().build();
    ImageReference image = newImage();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());

    DeployResult first = deployer.deploy(deployDev(image), Progress.NONE);
    DeployResult second = deployer.deploy(deployDev(image), lines::add);

    assertThat(first.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
    assertThat(first.added()).isEqualTo(3);
    assertThat(second.outcome()).isEqualTo(DeployResult.Outcome.NO_CHANGES);
    assertThat(second.hint()).isEqualTo(Hints.NO_CHANGES);
    assertThat(lines)
        .contains("No changes. Your infrastructure matches the configuration.")
        .noneMatch(l -> l.contains("\u001b"));
  }

  @Test
  void deploy_whenImageChanges_reportsTerraformsCounts() {
    AtmosStackDeployer deployer = fixture.builder().build();
    deployer.deploy(deployDev(newImage()), Progress.NONE);

    DeployResult r = deployer.deploy(deployDev(newImage()), Progress.NONE);

    assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
    assertThat(List.of(r.added(), r.changed(), r.destroyed())).containsExactly(1, 1, 1);
    assertThat(r.outputs().url())
        .hasValueSatisfying(
            u -> assertThat(u.toString()).isEqualTo("https://dev-app.example.test"));
  }

  @Test
  void deploy_whenApplyPrintsNoSummary_saysTheCountsAreUnknown_inResultAndLog() {
    atmos.applySummary(false);
    AtmosStackDeployer deployer = fixture.builder().build();
    int mark = dev.baton.atmos.testing.CapturedLogs.mark();

    DeployResult r = deployer.deploy(deployDev(newImage()), Progress.NONE);

    assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
    assertThat(r.countsKnown()).isFalse();
    assertThat(r).hasToString("applied: resource counts unknown");
    assertThat(logSince(mark))
        .anyMatch(m -> m.contains("without Terraform's \"Apply complete!\" line"))
        .anyMatch(
            m -> m.startsWith("deployed app") && m.endsWith("applied: resource counts unknown"))
        .noneMatch(m -> m.contains("0 added"));
  }

  @Test
  void destroy_whenDestroyPrintsNoSummary_saysTheCountIsUnknown_inResultAndLog() {
    atmos.destroySummary(false);
    AtmosStackDeployer deployer = fixture.builder().build();
    deployer.deploy(deployPreview(42, newImage()), Progress.NONE);
    int mark = dev.baton.atmos.testing.CapturedLogs.mark();

    DestroyResult r = deployer.destroy(destroyPreview(42), Progress.NONE);

    assertThat(r.outcome()).isEqualTo(DestroyResult.Outcome.DESTROYED);
    assertThat(r.countKnown()).isFalse();
    assertThat(r.describe()).isEqualTo("destroyed (resource count unknown)");
    assertThat(logSince(mark))
        .anyMatch(m -> m.contains("without Terraform's \"Destroy complete!\" line"))
        .anyMatch(
            m -> m.startsWith("destroyed app") && m.endsWith("destroyed (resource count unknown)"))
        .noneMatch(m -> m.contains("0 destroyed") || m.contains("destroyed 0"));
  }

  /** The messages logged since {@code mark}. */
  private static List<String> logSince(int mark) {
    return dev.baton.atmos.testing.CapturedLogs.since(mark).stream()
        .map(dev.baton.atmos.testing.CapturedLogs.Event::message)
        .toList();
  }

  @Test
  void deploy_withSummary_countsAreKnown() {
    AtmosStackDeployer deployer = fixture.builder().build();

    DeployResult r = deployer.deploy(deployDev(newImage()), Progress.NONE);

    assertThat(r.countsKnown()).isTrue();
    assertThat(r.toString()).isEqualTo("applied: 3 added, 0 changed, 0 destroyed");
  }

  @Test
  void deploy_readsOutputsWithSkipInit_standaloneOutputsRunInit() {
    AtmosStackDeployer deployer = fixture.builder().build();
    DeployResult r = deployer.deploy(deployPreview(5, newImage()), Progress.NONE);

    StackOutputs again = deployer.outputs(preview(5), PREVIEW, Map.of("PR_NUMBER", "5"));

    List<FakeAtmos.Invocation> outputs = calls("terraform output app");
    assertThat(outputs.get(0).arguments())
        .containsExactly(
            "terraform", "output", "app", "-s", "preview", "--skip-init", "--", "-json");
    assertThat(outputs.get(1).arguments())
        .containsExactly("terraform", "output", "app", "-s", "preview", "--", "-json");
    assertThat(again).isEqualTo(r.outputs());
    assertThat(again.url())
        .hasValueSatisfying(u -> assertThat(u.toString()).contains("preview").contains("5"));
    assertThat(again.get("task_definition"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("{").contains("\"revision\":1"));
  }

  @Test
  void outputs_whenStdoutIsNoisy_stillParsesTheJson() {
    atmos.noisyOutput(true);
    AtmosStackDeployer deployer = fixture.builder().build();
    deployer.deploy(deployDev(newImage()), Progress.NONE);

    StackOutputs outputs = deployer.outputs(AtmosFixture.dev(), AtmosFixture.DEV, Map.of());

    assertThat(outputs.url()).isPresent();
    assertThat(outputs.values()).containsKeys("url", "service_name", "task_definition");
  }

  @Test
  void outputs_whenNothingDeployed_isEmpty() {
    AtmosStackDeployer deployer = fixture.builder().build();

    assertThat(deployer.outputs(preview(77), PREVIEW, Map.of()).values()).isEmpty();
  }

  @Test
  void urlOutput_whenConfigured_becomesTheUrl() {
    AtmosStackDeployer deployer = fixture.builder().urlOutput("service_name").build();

    DeployResult r = deployer.deploy(deployDev(newImage()), Progress.NONE);

    assertThat(r.outputs().get("url")).contains(atmos.workspace("dev", "app", ""));
  }

  @Test
  void builderSettings_reachTheProcess() {
    AtmosStackDeployer deployer =
        fixture
            .builder()
            .environment("ATMOS_PROFILE", "github")
            .flags("--logs-level=Warning")
            .deployFlags("-lock-timeout=5m")
            .destroyFlags("-refresh=false")
            .checkImageVariable(false)
            .build();

    deployer.deploy(deployDev(newImage()), Progress.NONE);
    deployer.destroy(
        new DestroyRequest(AtmosFixture.dev(), AtmosFixture.DEV, Map.of()), Progress.NONE);

    assertThat(calls("describe component app")).isEmpty();
    FakeAtmos.Invocation deploy = calls("terraform deploy app").get(0);
    assertThat(deploy.arguments())
        .containsExactly(
            "terraform", "deploy", "app", "-s", "dev", "-lock-timeout=5m", "--logs-level=Warning");
    assertThat(deploy.environment()).containsEntry("ATMOS_PROFILE", "github");
    assertThat(calls("terraform destroy app").get(0).arguments())
        .containsExactly(
            "terraform",
            "destroy",
            "app",
            "-s",
            "dev",
            "-auto-approve",
            "-refresh=false",
            "--logs-level=Warning");
    assertThat(calls("terraform output app").get(0).arguments())
        .contains("--logs-level=Warning")
        .doesNotContain("-lock-timeout=5m");
  }

  @Test
  void variableValues_arePassedAsValues_neverInterpreted() {
    AtmosStackDeployer deployer = fixture.builder().build();
    Path marker = dir.resolve("pwned");
    String hostile = "$(touch " + marker + "); `touch " + marker + "` ' \" \\ | & ; * ?";

    deployer.deploy(
        new DeployRequest(
            AtmosFixture.dev(), AtmosFixture.DEV, newImage(), Map.of("TF_VAR_note", hostile)),
        Progress.NONE);

    assertThat(calls("terraform deploy app").get(0).environment())
        .containsEntry("TF_VAR_note", hostile);
    assertThat(Files.exists(marker)).isFalse();
  }

  @Test
  void deploy_whenBinaryMissing_isConfigurationError() {
    AtmosStackDeployer deployer =
        fixture.builder().binary(dir.resolve("no-such-atmos")).checkImageVariable(false).build();

    assertThatThrownBy(() -> deployer.deploy(deployDev(newImage()), Progress.NONE))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no-such-atmos")
        .satisfies(e -> assertThat(((ConfigurationException) e).hint()).contains("binary"));
  }

  @Test
  void deploy_whenOutputExceedsCap_stillFindsTheVerdict() {
    AtmosStackDeployer deployer = fixture.builder().outputCap(1024).build();

    DeployResult r = deployer.deploy(deployDev(newImage()), Progress.NONE);

    assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
    assertThat(r.added()).isEqualTo(3);
    assertThat(r.outputs().url()).isPresent();
  }
}
