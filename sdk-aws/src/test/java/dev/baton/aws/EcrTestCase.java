package dev.baton.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.aws.fake.AwsTestClients;
import dev.baton.aws.fake.FakeEcr;
import dev.baton.aws.fake.TestImages;
import dev.baton.spi.ResolvedImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * A test against a fresh in-test ECR endpoint, with the real EcrClient pointed at it and an {@link
 * EcrImageRegistry} on that client (PutImage rate 1000/s), holding the mutable repository {@link
 * #REPO}; all closed after the test. A subclass creates its other repositories in its own
 * {@code @BeforeEach}, which runs after this one.
 */
abstract class EcrTestCase {
  /** The repository every test starts with. */
  static final String REPO = "shop";

  FakeEcr ecr;
  EcrClient client;
  EcrImageRegistry registry;

  @BeforeEach
  void startEcr() {
    ecr = new FakeEcr().createRepository(REPO, false);
    client = AwsTestClients.ecr(ecr);
    registry = EcrImageRegistry.builder().client(client).putImageRate(1000).build();
  }

  @AfterEach
  void stopEcr() {
    registry.close();
    client.close();
    ecr.close();
  }

  /**
   * Pushes an image under a tag and resolves it through the registry, which must find the digest
   * pushed.
   *
   * @param repo an existing repository
   * @param tag the tag
   * @param image the image
   * @return the image as resolved
   */
  ResolvedImage pushed(String repo, String tag, TestImages.Image image) {
    Digest digest = ecr.push(repo, tag, image);
    ResolvedImage resolved = registry.resolve(ref(repo, tag)).orElseThrow();
    assertThat(resolved.digest()).isEqualTo(digest);
    return resolved;
  }

  /**
   * @param tag the tag
   * @param image the image
   * @return the image pushed to {@link #REPO} under the tag, as resolved
   */
  ResolvedImage pushed(String tag, TestImages.Image image) {
    return pushed(REPO, tag, image);
  }

  static ImageReference ref(String repo, String tag) {
    return ImageReference.parse(FakeEcr.HOST + "/" + repo + ":" + tag);
  }
}
