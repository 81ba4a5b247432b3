package dev.baton.aws;

import dev.baton.aws.fake.AwsTestClients;
import dev.baton.aws.fake.FakeEcs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.ecs.EcsClient;

/** A test against a fresh in-test ECS endpoint, with the real EcsClient pointed at it. */
abstract class EcsTestCase {
  FakeEcs ecs;
  EcsClient client;

  @BeforeEach
  void startEcs() {
    ecs = new FakeEcs();
    client = AwsTestClients.ecs(ecs);
  }

  @AfterEach
  void stopEcs() {
    client.close();
    ecs.close();
  }
}
