package dev.baton.aws;

import dev.baton.aws.fake.AwsTestClients;
import dev.baton.aws.fake.FakeEcs;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * A test against a fresh in-test ECS endpoint, with the real EcsClient pointed at it: JUnit makes a
 * new instance, so a new endpoint, for every test, and both are closed after it.
 */
abstract class EcsTestCase {
  final FakeEcs ecs = new FakeEcs();
  final EcsClient client = AwsTestClients.ecs(ecs);

  @AfterEach
  void stopEcs() {
    client.close();
    ecs.close();
  }
}
