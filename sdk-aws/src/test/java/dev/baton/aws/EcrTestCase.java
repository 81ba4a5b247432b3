package dev.baton.aws;

import dev.baton.ImageReference;
import dev.baton.aws.fake.AwsTestClients;
import dev.baton.aws.fake.FakeEcr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * A test against a fresh in-test ECR endpoint, with the real EcrClient pointed at it and an {@link
 * EcrImageRegistry} on that client (PutImage rate 1000/s); all closed after the test. A subclass
 * creates its repositories in its own {@code @BeforeEach}, which runs after this one.
 */
abstract class EcrTestCase {
  FakeEcr ecr;
  EcrClient client;
  EcrImageRegistry registry;

  @BeforeEach
  void startEcr() {
    ecr = new FakeEcr();
    client = AwsTestClients.ecr(ecr);
    registry = EcrImageRegistry.builder().client(client).putImageRate(1000).build();
  }

  @AfterEach
  void stopEcr() {
    registry.close();
    client.close();
    ecr.close();
  }

  static ImageReference ref(String repo, String tag) {
    return ImageReference.parse(FakeEcr.HOST + "/" + repo + ":" + tag);
  }
}
