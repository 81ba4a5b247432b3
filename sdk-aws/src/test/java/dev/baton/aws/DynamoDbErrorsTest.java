package dev.baton.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.AccessDeniedException;
import dev.baton.ProviderException;
import dev.baton.aws.fake.AwsTestClients;
import dev.baton.aws.fake.FakeDynamoDb;
import dev.baton.aws.internal.AwsClients;
import dev.baton.spi.LeaseKey;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DynamoDB's errors as Baton's, through a client the builder creates (the module's retry and
 * timeout settings): throttling is retried by the SDK and, when it persists, is a retryable error;
 * a refused role is {@link AccessDeniedException}; an endpoint that does not answer is bounded by
 * the call timeout.
 */
class DynamoDbErrorsTest {
  private static final LeaseKey KEY = new LeaseKey("target/dev");
  private static final String THROTTLED = "ProvisionedThroughputExceededException";

  private FakeDynamoDb dynamo;

  @BeforeEach
  void start() {
    dynamo = new FakeDynamoDb();
  }

  @AfterEach
  void stop() {
    dynamo.close();
  }

  private DynamoDbLeaseStore store(Duration callTimeout, Duration attemptTimeout) {
    return DynamoDbLeaseStore.builder()
        .endpointOverride(dynamo.endpoint())
        .region("us-east-1")
        .credentials(AwsTestClients.credentials())
        .apiCallTimeout(callTimeout)
        .apiCallAttemptTimeout(attemptTimeout)
        .build();
  }

  private DynamoDbLeaseStore store() {
    return store(
        DynamoDbBuilder.DEFAULT_API_CALL_TIMEOUT, DynamoDbBuilder.DEFAULT_API_CALL_ATTEMPT_TIMEOUT);
  }

  @Test
  void throttling_whenItPasses_isRetriedBySdk() {
    dynamo.failNext("GetItem", 400, THROTTLED, "slow down");
    dynamo.failNext("GetItem", 400, THROTTLED, "slow down");

    try (DynamoDbLeaseStore store = store()) {
      assertThat(store.holder(KEY)).isEmpty();
    }
    assertThat(dynamo.calls("GetItem")).hasSize(3);
  }

  @Test
  void throttling_whenItPersists_isRetryableAfterTheSdksAttempts() {
    for (int i = 0; i < AwsClients.MAX_ATTEMPTS; i++) {
      dynamo.failNext("GetItem", 400, THROTTLED, "slow down");
    }

    ProviderException e;
    try (DynamoDbLeaseStore store = store()) {
      e = catchThrowableOfType(ProviderException.class, () -> store.holder(KEY));
    }

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("throttled").contains("DynamoDB table baton");
    assertThat(dynamo.calls("GetItem")).hasSize(AwsClients.MAX_ATTEMPTS);
  }

  @Test
  void accessDenied_isAccessDeniedNamingDynamoDbPermissions() {
    dynamo.failNext("GetItem", 400, "AccessDeniedException", "not authorized: dynamodb:GetItem");

    AccessDeniedException e;
    try (DynamoDbLeaseStore store = store()) {
      e = catchThrowableOfType(AccessDeniedException.class, () -> store.holder(KEY));
    }

    assertThat(e.getMessage()).contains("dynamodb:GetItem");
    assertThat(e.hint()).contains("dynamodb:GetItem, PutItem, UpdateItem, DeleteItem and Query");
  }

  @Test
  void silentEndpoint_isBoundedByTheCallTimeout() {
    dynamo.stall(Duration.ofSeconds(5));
    long start = System.nanoTime();

    ProviderException e;
    try (DynamoDbLeaseStore store = store(Duration.ofMillis(800), Duration.ofMillis(300))) {
      e = catchThrowableOfType(ProviderException.class, () -> store.holder(KEY));
    }

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(e.isRetryable()).isTrue();
  }
}
