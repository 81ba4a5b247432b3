package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.DeploymentFailedException;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.ProviderException;
import dev.baton.StackName;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeployResult;
import dev.baton.spi.DestroyRequest;
import dev.baton.spi.DestroyResult;
import dev.baton.spi.Progress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scripting and inspection features of {@link FakeStackDeployer} beyond the contract. */
class FakeStackDeployerTest {
  private static final DeploymentTarget DEV = DeploymentTarget.of(EnvironmentName.parse("dev"));
  private static final DeploymentTarget PR_4 =
      DeploymentTarget.pullRequest(EnvironmentName.parse("preview"), 4);
  private static final StackName DEV_STACK = StackName.parse("dev");
  private static final StackName PREVIEW_STACK = StackName.parse("preview");

  private final FakeStackDeployer deployer = new FakeStackDeployer();

  private static ImageReference image(String name) {
    return ImageReference.parse("registry.example.test/acme/shop:" + name)
        .withDigest(Digest.sha256(name.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void deploys_andDestroys_recordEveryRequestInOrder() {
    DeployRequest first = new DeployRequest(DEV, DEV_STACK, image("a"), Map.of());
    DeployRequest second =
        new DeployRequest(PR_4, PREVIEW_STACK, image("b"), Map.of("PR_NUMBER", "4"));
    DestroyRequest destroy = new DestroyRequest(PR_4, PREVIEW_STACK, Map.of("PR_NUMBER", "4"));

    deployer.deploy(first, Progress.NONE);
    deployer.deploy(second, Progress.NONE);
    deployer.destroy(destroy, Progress.NONE);

    assertThat(deployer.deploys()).containsExactly(first, second);
    assertThat(deployer.destroys()).containsExactly(destroy);
  }

  @Test
  void failNext_failsTheNextDeployOnce_recordsIt_andLeavesTheWorkspace() {
    DeployRequest before = new DeployRequest(DEV, DEV_STACK, image("a"), Map.of());
    deployer.deploy(before, Progress.NONE);
    DeploymentFailedException failure =
        new DeploymentFailedException(
            "apply failed", "check the plan", List.of("Error: quota exceeded"), null);
    deployer.failNext(failure);
    DeployRequest failing = new DeployRequest(DEV, DEV_STACK, image("b"), Map.of());

    assertThatThrownBy(() -> deployer.deploy(failing, Progress.NONE)).isSameAs(failure);

    assertThat(deployer.deploys()).containsExactly(before, failing);
    assertThat(deployer.deployedImage(DEV_STACK, Map.of())).isEqualTo(image("a"));
    assertThat(deployer.deploy(failing, Progress.NONE).outcome())
        .isEqualTo(DeployResult.Outcome.APPLIED);
    assertThat(deployer.deployedImage(DEV_STACK, Map.of())).isEqualTo(image("b"));
  }

  @Test
  void failNext_failsTheNextDestroyOnce_andLeavesTheWorkspace() {
    deployer.deploy(new DeployRequest(DEV, DEV_STACK, image("a"), Map.of()), Progress.NONE);
    ProviderException failure = ProviderException.retryable("state locked", "retry", null);
    deployer.failNext(failure);
    DestroyRequest destroy = new DestroyRequest(DEV, DEV_STACK, Map.of());

    assertThatThrownBy(() -> deployer.destroy(destroy, Progress.NONE)).isSameAs(failure);
    assertThat(deployer.deployedImage(DEV_STACK, Map.of())).isEqualTo(image("a"));
    assertThat(deployer.destroy(destroy, Progress.NONE).outcome())
        .isEqualTo(DestroyResult.Outcome.DESTROYED);
    assertThat(deployer.destroys()).containsExactly(destroy, destroy);
  }

  @Test
  void deployedImage_isPerStackAndVariables() {
    deployer.deploy(
        new DeployRequest(PR_4, PREVIEW_STACK, image("a"), Map.of("PR_NUMBER", "4")),
        Progress.NONE);

    assertThat(deployer.deployedImage(PREVIEW_STACK, Map.of("PR_NUMBER", "4")))
        .isEqualTo(image("a"));
    assertThat(deployer.deployedImage(PREVIEW_STACK, Map.of("PR_NUMBER", "5"))).isNull();
    assertThat(deployer.deployedImage(DEV_STACK, Map.of())).isNull();
  }

  @Test
  void deploy_progress_endsWithTerraformsSummaryLine() {
    List<String> lines = new ArrayList<>();

    deployer.deploy(new DeployRequest(DEV, DEV_STACK, image("a"), Map.of()), lines::add);
    deployer.deploy(new DeployRequest(DEV, DEV_STACK, image("a"), Map.of()), lines::add);

    assertThat(lines)
        .anySatisfy(l -> assertThat(l).startsWith("Apply complete! Resources: 3 added"));
    assertThat(lines.get(lines.size() - 1)).startsWith("No changes.");
  }
}
