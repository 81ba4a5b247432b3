package dev.baton.aws;

import dev.baton.ImageReference;
import dev.baton.aws.fake.AwsTestClients;
import dev.baton.aws.fake.FakeEcr;
import dev.baton.aws.fake.TestImages;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.Platform;
import dev.baton.spi.ResolvedImage;
import dev.baton.testkit.ImageRegistryContract;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * {@link EcrImageRegistry} passes the {@link ImageRegistryContract}, through the real EcrClient and
 * the in-test ECR endpoint. Images are pushed the way CI's {@code docker push} leaves them: blobs
 * and child manifests in the repository, the manifest under the tag.
 */
class EcrImageRegistryContractTest extends ImageRegistryContract {
  private static final AtomicInteger REPOSITORIES = new AtomicInteger();
  private static FakeEcr ecr;
  private static EcrClient client;
  private static EcrImageRegistry registry;

  @BeforeAll
  static void start() {
    ecr = new FakeEcr();
    client = AwsTestClients.ecr(ecr);
    // A high rate so that the contract's racing writers are not spaced 100 ms apart.
    registry = EcrImageRegistry.builder().client(client).putImageRate(200).build();
  }

  @AfterAll
  static void stop() {
    registry.close();
    client.close();
    ecr.close();
  }

  @Override
  protected ImageRegistry registry() {
    return registry;
  }

  @Override
  protected ImageReference newRepository() {
    return ImageReference.of(FakeEcr.HOST, "contract/repo-" + REPOSITORIES.incrementAndGet());
  }

  @Override
  protected ResolvedImage pushImage(ImageReference reference) {
    return push(reference, TestImages.ociImage(), List.of());
  }

  /** The platforms of the test images' indexes, attestations left out. */
  private static final List<Platform> INDEX_PLATFORMS =
      List.of(Platform.of("linux", "amd64"), new Platform("linux", "arm64", "v8"));

  @Override
  protected ResolvedImage pushIndex(ImageReference reference) {
    return push(reference, TestImages.ociIndex(), INDEX_PLATFORMS);
  }

  @Override
  protected ResolvedImage pushIndexWithAttestations(ImageReference reference) {
    return push(reference, TestImages.ociIndexWithAttestations(), INDEX_PLATFORMS);
  }

  private static ResolvedImage push(
      ImageReference reference, TestImages.Image image, List<Platform> platforms) {
    ecr.createRepository(reference.repository(), false);
    ecr.push(reference.repository(), reference.tag().orElseThrow().value(), image);
    return ResolvedImage.of(reference, image.digest(), image.mediaType(), platforms)
        .withManifest(image.manifest().getBytes(StandardCharsets.UTF_8));
  }
}
