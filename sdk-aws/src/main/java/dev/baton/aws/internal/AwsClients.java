package dev.baton.aws.internal;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
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
