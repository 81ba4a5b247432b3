package dev.baton.aws;

import dev.baton.aws.fake.AwsTestClients;
import dev.baton.aws.fake.FakeEcs;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * A test against a fresh in-test ECS endpoint, with the real EcsClient pointed at it: JUnit makes a
 * new instance, so a new endpoint, for every test, and both are closed after it.
 */
abstract class EcsTestCase {
  /** The service the verifiers of {@link #fastVerifier} watch. */
  static final String SERVICE = "app";

  final FakeEcs ecs = new FakeEcs();
  final EcsClient client = AwsTestClients.ecs(ecs);

  /**
   * @param cluster the cluster
   * @return a verifier of service {@code app} in that cluster, through {@link #client}, that polls
   *     every 5 ms so that the suites stay fast
   */
  EcsDeploymentVerifier fastVerifier(String cluster) {
    return EcsDeploymentVerifier.builder()
        .client(client)
        .cluster(cluster)
        .service(SERVICE)
        .pollInterval(Duration.ofMillis(5))
        .build();
  }

  @AfterEach
  void stopEcs() {
    client.close();
    ecs.close();
  }
}
