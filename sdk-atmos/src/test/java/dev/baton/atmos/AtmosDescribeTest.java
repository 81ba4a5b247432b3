package dev.baton.atmos;

import static dev.baton.atmos.testing.AtmosFixture.DEV;
import static dev.baton.atmos.testing.AtmosFixture.PREVIEW;
import static dev.baton.atmos.testing.AtmosFixture.deployDev;
import static dev.baton.atmos.testing.AtmosFixture.newImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ConfigurationException;
import dev.baton.ImageReference;
import dev.baton.ProviderException;
import dev.baton.atmos.testing.CapturedLogs;
import dev.baton.spi.DeployResult;
import dev.baton.testkit.atmos.FakeAtmos;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** {@code atmos describe component}, {@code (computed)} values and the {@code !env} warning. */
class AtmosDescribeTest extends AtmosTestCase {
  @Test
  void describe_returnsTheFieldsTheFullFilterKeeps() {
    ComponentDescription d = fixture.builder().build().describe(PREVIEW, Map.of("PR_NUMBER", "42"));

    assertThat(d.component()).isEqualTo("app");
    assertThat(d.stack()).isEqualTo(PREVIEW);
    assertThat(d.terraformComponent()).isEqualTo("ecs-service");
    assertThat(d.workspace()).isEqualTo(atmos.workspace("preview", "app", "42"));
    assertThat(d.command()).isEqualTo("terraform");
    assertThat(d.stage()).contains("preview");
    assertThat(d.backendType()).isEqualTo("s3");
    assertThat(d.vars()).containsEntry("attributes", List.of("42"));
    // No APP_IMAGE anywhere: "image: !env APP_IMAGE" resolves to null, so no image is listed.
    assertThat(d.vars().get("containers")).isInstanceOf(Map.class);
    assertThat(d.image("app")).isEmpty();
    assertThat(d.definesEnvironment("APP_IMAGE")).isFalse();
    FakeAtmos.Invocation call = atmos.invocations().get(0);
    assertThat(call.arguments())
        .containsExactly(
            "describe",
            "component",
            "app",
            "-s",
            "preview",
            "--format",
            "json",
            "--provenance=false");
    assertThat(call.environment())
        .containsEntry("ATMOS_DESCRIBE_COMPONENT_FILTER", "full")
        .containsEntry("PR_NUMBER", "42");
  }

  @Test
  void describe_whenAValueIsComputed_isAnErrorNamingIt() {
    atmos.unresolvedFunctions(true);

    assertThatThrownBy(() -> fixture.builder().build().describe(DEV))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("vars.vpc_id is \"(computed)\"")
        .satisfies(e -> assertThat(((ProviderException) e).hint()).contains("credentials"));
  }

  @Test
  void describe_whenAtmosFails_isProviderError() {
    atmos.failNext("describe", "failed to execute YAML function !terraform.state: no credentials");

    assertThatThrownBy(() -> fixture.builder().build().describe(DEV))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("exit status 1")
        .hasMessageContaining("!terraform.state");
  }

  @Test
  void deploy_whenStackEnvSetsTheImageVariable_warnsThatThePinnedImageIsIgnored() {
    atmos.stackEnvironment("dev", "APP_IMAGE", "registry.example.test/acme/shop:latest");
    AtmosStackDeployer deployer = fixture.builder().build();
    ImageReference image = newImage();
    List<String> progress = Collections.synchronizedList(new ArrayList<>());
    int mark = CapturedLogs.mark();

    DeployResult r = deployer.deploy(deployDev(image), progress::add);

    // As the real atmos would, the fake deployed the env: section's value, not the pinned image.
    assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
    assertThat(atmos.deployedImage(atmos.workspace("dev", "app", "")))
        .contains("registry.example.test/acme/shop:latest");
    assertThat(progress.get(0))
        .startsWith("WARNING: stack dev sets APP_IMAGE in the env: section")
        .contains(image.toString())
        .contains("is ignored");
    assertThat(CapturedLogs.since(mark))
        .anySatisfy(
            e -> {
              assertThat(e.level()).isEqualTo(Level.WARN);
              assertThat(e.message())
                  .contains("!env reads that section before the process environment");
            });
  }

  @Test
  void deploy_withFailCheck_whenStackEnvSetsTheImageVariable_isRefusedBeforeAnyApply() {
    atmos.stackEnvironment("dev", "APP_IMAGE", "registry.example.test/acme/shop:latest");
    AtmosStackDeployer deployer =
        fixture.builder().imageVariableCheck(ImageVariableCheck.FAIL).build();
    ImageReference image = newImage();

    assertThatThrownBy(() -> deployer.deploy(deployDev(image), line -> {}))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("refusing to deploy")
        .hasMessageContaining("APP_IMAGE")
        .hasMessageContaining(image.toString());
    assertThat(atmos.invocations()).extracting(i -> i.arguments().get(0)).containsOnly("describe");
    assertThat(atmos.deployedImage(atmos.workspace("dev", "app", ""))).isEmpty();
  }

  @Test
  void deploy_withFailCheck_whenTheComponentCannotBeDescribed_isRefused() {
    atmos.failNext("describe", "failed to execute YAML function !terraform.state: no credentials");
    AtmosStackDeployer deployer =
        fixture.builder().imageVariableCheck(ImageVariableCheck.FAIL).build();

    assertThatThrownBy(() -> deployer.deploy(deployDev(newImage()), line -> {}))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("could not be described");
    assertThat(atmos.invocations()).extracting(i -> i.arguments().get(0)).containsOnly("describe");
  }

  @Test
  void deploy_withFailCheck_whenTheStackIsClean_deploysThePinnedImage() {
    AtmosStackDeployer deployer =
        fixture.builder().imageVariableCheck(ImageVariableCheck.FAIL).build();
    ImageReference image = newImage();

    DeployResult r = deployer.deploy(deployDev(image), line -> {});

    assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
    assertThat(atmos.deployedImage(atmos.workspace("dev", "app", ""))).contains(image.toString());
  }

  @Test
  void describe_whenStackEnvSetsTheImageVariable_logsAWarning() {
    atmos.stackEnvironment("dev", "APP_IMAGE", "registry.example.test/acme/shop:latest");
    atmos.stackEnvironment("dev", "DD_API_KEY", "dd-key-value-1234");
    int mark = CapturedLogs.mark();

    ComponentDescription d = fixture.builder().build().describe(DEV);

    assertThat(d.definesEnvironment("APP_IMAGE")).isTrue();
    assertThat(d.env()).containsEntry("DD_API_KEY", "dd-key-value-1234");
    assertThat(d.image("app")).contains("registry.example.test/acme/shop:latest");
    assertThat(d.toString()).contains("DD_API_KEY").doesNotContain("dd-key-value-1234");
    assertThat(CapturedLogs.since(mark))
        .anySatisfy(e -> assertThat(e.message()).contains("stack dev sets APP_IMAGE"));
  }

  @Test
  void deploy_whenTheCheckCannotDescribe_deploysAnyway() {
    atmos.failNext("describe", "no credentials");
    int mark = CapturedLogs.mark();

    DeployResult r = fixture.builder().build().deploy(deployDev(newImage()), line -> {});

    assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
    assertThat(CapturedLogs.since(mark))
        .anySatisfy(
            e ->
                assertThat(e.message())
                    .contains("could not check whether stack dev overrides APP_IMAGE"));
  }
}
