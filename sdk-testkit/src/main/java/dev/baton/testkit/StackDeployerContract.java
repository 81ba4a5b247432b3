package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.Hints;
import dev.baton.ImageReference;
import dev.baton.StackName;
import dev.baton.Tag;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeployResult;
import dev.baton.spi.DestroyRequest;
import dev.baton.spi.DestroyResult;
import dev.baton.spi.Progress;
import dev.baton.spi.StackDeployer;
import dev.baton.spi.StackOutputs;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StackDeployer} must show, as an abstract JUnit 5 suite. A provider's
 * test extends it and supplies the deployer; the stacks default to the reference's {@code dev}
 * (shared) and {@code preview} (one instance per {@code PR_NUMBER}).
 *
 * <pre>{@code
 * class MyDeployerContractTest extends StackDeployerContract {
 *   protected StackDeployer deployer() { return deployer; }
 * }
 * }</pre>
 *
 * Every test deploys images with digests unique to the test before it looks at outcomes, so the
 * deployer may keep state between tests.
 */
public abstract class StackDeployerContract {
  private static final ImageReference REPOSITORY =
      ImageReference.parse("registry.example.test/acme/shop");
  private static final String PR_NUMBER = "PR_NUMBER";
  private static final int RACERS = 3;

  /** For subclasses. */
  protected StackDeployerContract() {}

  /**
   * The deployer under test; called at the start of every test.
   *
   * @return the deployer
   */
  protected abstract StackDeployer deployer();

  /**
   * A shared stack the deployer accepts; {@code dev} unless overridden.
   *
   * @return the shared stack
   */
  protected StackName sharedStack() {
    return StackName.parse("dev");
  }

  /**
   * The per-pull-request stack, whose instance is chosen by the {@code PR_NUMBER} variable; {@code
   * preview} unless overridden.
   *
   * @return the per-pull-request stack
   */
  protected StackName perPullRequestStack() {
    return StackName.parse("preview");
  }

  // ---- deploy --------------------------------------------------------------------------------

  /** A pinned image is applied and the stack's URL comes back among the outputs. */
  @Test
  public void deploy_whenNewImage_appliesWithUrl() {
    StackDeployer deployer = deployer();

    DeployResult result = deployer.deploy(shared(newImage()), Progress.NONE);

    assertThat(result.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
    assertThat(result.hint()).isEmpty();
    assertThat(result.outputs().url()).isPresent();
  }

  /** Deploying the image that is already there changes nothing, and says so. */
  @Test
  public void deploy_whenSameImageAgain_isNoChangesWithHint() {
    StackDeployer deployer = deployer();
    ImageReference image = newImage();
    DeployResult first = deployer.deploy(shared(image), Progress.NONE);

    DeployResult again = deployer.deploy(shared(image), Progress.NONE);

    assertThat(first.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
    assertThat(again.outcome()).isEqualTo(DeployResult.Outcome.NO_CHANGES);
    assertThat(again.hint()).isEqualTo(Hints.NO_CHANGES);
    assertThat(again.added() + again.changed() + again.destroyed()).isZero();
    assertThat(again.outputs().url()).isEqualTo(first.outputs().url());
  }

  /** A different image is a change. */
  @Test
  public void deploy_whenDifferentImage_applies() {
    StackDeployer deployer = deployer();
    deployer.deploy(shared(newImage()), Progress.NONE);

    DeployResult result = deployer.deploy(shared(newImage()), Progress.NONE);

    assertThat(result.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
    assertThat(result.outputs().url()).isPresent();
  }

  /** Each pull request has its own instance of the per-PR stack, with its own URL. */
  @Test
  public void deploy_whenTwoPullRequests_instancesAreIndependent() {
    StackDeployer deployer = deployer();
    ImageReference image = newImage();

    DeployResult one = deployer.deploy(preview(1, image), Progress.NONE);
    DeployResult two = deployer.deploy(preview(2, image), Progress.NONE);

    assertThat(one.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
    assertThat(two.outcome())
        .as("deploying PR 1 must not make PR 2 'no changes'")
        .isEqualTo(DeployResult.Outcome.APPLIED);
    URI urlOne = one.outputs().url().orElseThrow();
    URI urlTwo = two.outputs().url().orElseThrow();
    assertThat(urlOne).isNotEqualTo(urlTwo);
    assertThat(deployer.deploy(preview(1, image), Progress.NONE).outcome())
        .isEqualTo(DeployResult.Outcome.NO_CHANGES);
  }

  /** Destroying one pull request's instance leaves the other deployed. */
  @Test
  public void destroy_whenOnePullRequest_leavesTheOther() {
    StackDeployer deployer = deployer();
    ImageReference image = newImage();
    deployer.deploy(preview(1, image), Progress.NONE);
    deployer.deploy(preview(2, image), Progress.NONE);

    DestroyResult destroyed = deployer.destroy(destroyPreview(1), Progress.NONE);

    assertThat(destroyed.outcome()).isEqualTo(DestroyResult.Outcome.DESTROYED);
    assertThat(outputsOfPreview(deployer, 1).url()).isEmpty();
    assertThat(outputsOfPreview(deployer, 2).url()).isPresent();
    assertThat(deployer.deploy(preview(2, image), Progress.NONE).outcome())
        .isEqualTo(DeployResult.Outcome.NO_CHANGES);
    deployer.destroy(destroyPreview(2), Progress.NONE);
  }

  /** Output lines reach the progress sink while the deploy runs. */
  @Test
  public void deploy_deliversProgressLines() {
    StackDeployer deployer = deployer();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());

    deployer.deploy(shared(newImage()), lines::add);

    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).doesNotContain("\n"));
  }

  /** Deploys take pinned images only; the request itself refuses a tag alone. */
  @Test
  public void deployRequest_whenImageNotPinned_isRejected() {
    ImageReference unpinned = REPOSITORY.withTag(Tag.parse("sha-1234567"));

    assertThatThrownBy(
            () ->
                new DeployRequest(
                    DeploymentTarget.of(EnvironmentName.parse("dev")),
                    sharedStack(),
                    unpinned,
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(unpinned.toString());
  }

  /**
   * Concurrent deploys of one image to one stack instance are serialised: one applies, the others
   * find nothing to change.
   *
   * @throws Exception if a racer does not finish
   */
  @Test
  public void deploy_whenConcurrentSameImageSameStack_appliesOnceOthersNoChanges()
      throws Exception {
    StackDeployer deployer = deployer();
    DeployRequest request = shared(newImage());
    List<DeployResult.Outcome> outcomes =
        Racers.race(RACERS, 5, TimeUnit.MINUTES, i -> () -> deployer.deploy(request, Progress.NONE))
            .stream()
            .map(DeployResult::outcome)
            .toList();

    assertThat(outcomes)
        .containsOnlyOnce(DeployResult.Outcome.APPLIED)
        .filteredOn(o -> o == DeployResult.Outcome.NO_CHANGES)
        .hasSize(RACERS - 1);
  }

  // ---- outputs -------------------------------------------------------------------------------

  /** The outputs can be read back after a deploy, and are gone after a destroy. */
  @Test
  public void outputs_afterDeploy_hasUrl_afterDestroy_isEmpty() {
    StackDeployer deployer = deployer();
    DeployResult deployed = deployer.deploy(shared(newImage()), Progress.NONE);

    assertThat(deployer.outputs(sharedTarget(), sharedStack(), Map.of()).url())
        .isPresent()
        .isEqualTo(deployed.outputs().url());

    deployer.destroy(new DestroyRequest(sharedTarget(), sharedStack(), Map.of()), Progress.NONE);

    assertThat(deployer.outputs(sharedTarget(), sharedStack(), Map.of()).values()).isEmpty();
  }

  // ---- destroy -------------------------------------------------------------------------------

  /** A destroy removes what was deployed; a second destroy finds nothing and still succeeds. */
  @Test
  public void destroy_whenDeployed_destroys_thenAgain_nothingToDestroy() {
    StackDeployer deployer = deployer();
    deployer.deploy(shared(newImage()), Progress.NONE);
    DestroyRequest destroy = new DestroyRequest(sharedTarget(), sharedStack(), Map.of());

    DestroyResult first = deployer.destroy(destroy, Progress.NONE);
    DestroyResult second = deployer.destroy(destroy, Progress.NONE);

    assertThat(first.outcome()).isEqualTo(DestroyResult.Outcome.DESTROYED);
    assertThat(first.destroyed()).isPositive();
    assertThat(second.outcome()).isEqualTo(DestroyResult.Outcome.NOTHING_TO_DESTROY);
    assertThat(second.destroyed()).isZero();
  }

  /** After a destroy the same image deploys again as a change. */
  @Test
  public void deploy_afterDestroy_appliesAgain() {
    StackDeployer deployer = deployer();
    ImageReference image = newImage();
    deployer.deploy(shared(image), Progress.NONE);
    deployer.destroy(new DestroyRequest(sharedTarget(), sharedStack(), Map.of()), Progress.NONE);

    DeployResult again = deployer.deploy(shared(image), Progress.NONE);

    assertThat(again.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
    assertThat(again.outputs().url()).isPresent();
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * @return a pinned image with a digest no other call returns
   */
  protected static ImageReference newImage() {
    String unique = UUID.randomUUID().toString();
    Digest digest = Digest.sha256(unique.getBytes(StandardCharsets.UTF_8));
    return REPOSITORY
        .withTag(Tag.parse("sha-" + digest.encoded().substring(0, 7)))
        .withDigest(digest);
  }

  private DeploymentTarget sharedTarget() {
    return DeploymentTarget.of(EnvironmentName.parse("dev"));
  }

  private DeployRequest shared(ImageReference image) {
    return new DeployRequest(sharedTarget(), sharedStack(), image, Map.of());
  }

  private DeploymentTarget previewTarget(int pr) {
    return DeploymentTarget.pullRequest(EnvironmentName.parse("preview"), pr);
  }

  private DeployRequest preview(int pr, ImageReference image) {
    return new DeployRequest(
        previewTarget(pr), perPullRequestStack(), image, Map.of(PR_NUMBER, Integer.toString(pr)));
  }

  private DestroyRequest destroyPreview(int pr) {
    return new DestroyRequest(
        previewTarget(pr), perPullRequestStack(), Map.of(PR_NUMBER, Integer.toString(pr)));
  }

  private StackOutputs outputsOfPreview(StackDeployer deployer, int pr) {
    return deployer.outputs(
        previewTarget(pr), perPullRequestStack(), Map.of(PR_NUMBER, Integer.toString(pr)));
  }
}
