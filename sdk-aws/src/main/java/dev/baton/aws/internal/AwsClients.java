package dev.baton.aws.internal;

import dev.baton.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The configuration of the AWS clients this module creates itself (a caller's own client keeps the
 * caller's). Credentials come from the SDK's default chain, which covers environment variables,
 * profiles, GitHub OIDC web identity ({@code AWS_WEB_IDENTITY_TOKEN_FILE} + {@code AWS_ROLE_ARN})
 * and instance roles; the HTTP client is the URLConnection one, the only one this module puts on
 * the class path.
 */
public final class AwsClients {
  /** Attempts per call, the first included. */
  public static final int MAX_ATTEMPTS = 5;

  private AwsClients() {}

  /**
   * The SDK's standard retry strategy with more room for throttling: PutImage's quota is low (10
   * per second), and a promotion that gives up after three quick throttles would fail a release for
   * no reason. Backoff has full jitter, so concurrent promotions spread out.
   *
   * @return the retry strategy
   */
  public static RetryStrategy retryStrategy() {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(MAX_ATTEMPTS)
        .backoffStrategy(
            BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
        .throttlingBackoffStrategy(
            BackoffStrategy.exponentialDelay(Duration.ofMillis(250), Duration.ofSeconds(10)))
        .build();
  }

  /**
   * @return the override configuration for clients this module creates
   */
  public static ClientOverrideConfiguration overrides() {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(retryStrategy())
        .apiCallTimeout(Duration.ofMinutes(2))
        .build();
  }

  /**
   * A DynamoDB client with this module's retry strategy (throttling retried with backoff) and the
   * given timeouts.
   *
   * @param region the Region, or null for the SDK's default chain ({@code AWS_REGION}, profile)
   * @param endpoint the endpoint, or null for the Region's
   * @param credentials the credentials, or null for the SDK's default chain
   * @param apiCallTimeout the bound on each call, retries included
   * @param apiCallAttemptTimeout the bound on each attempt
   * @return the client; its caller closes it
   * @throws ConfigurationException when the SDK cannot make it (no Region found)
   */
  public static DynamoDbClient dynamoDb(
      String region,
      URI endpoint,
      AwsCredentialsProvider credentials,
      Duration apiCallTimeout,
      Duration apiCallAttemptTimeout) {
    DynamoDbClientBuilder b =
        DynamoDbClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .retryStrategy(retryStrategy())
                    .apiCallTimeout(apiCallTimeout)
                    .apiCallAttemptTimeout(apiCallAttemptTimeout)
                    .build());
    if (region != null) {
      b.region(Region.of(region));
    }
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    if (credentials != null) {
      b.credentialsProvider(credentials);
    }
    try {
      return b.build();
    } catch (SdkClientException e) {
      throw new ConfigurationException(
          "cannot create the DynamoDB client: " + e.getMessage(),
          "set region(...) on the builder, or AWS_REGION, or pass a client",
          e);
    }
  }

  /**
   * The ECR clients of one component: the caller's client when one was given (serving its Region
   * only, and left open), else one client per Region created with {@link #overrides()}.
   *
   * @param given the caller's client, or {@code null}
   * @return the clients, by Region
   */
  public static RegionalClients<EcrClient> ecr(EcrClient given) {
    return given != null
        ? RegionalClients.given(given, "EcrClient")
        : RegionalClients.created(
            region ->
                EcrClient.builder()
                    .region(region)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(overrides())
                    .build(),
            "EcrClient");
  }
}
