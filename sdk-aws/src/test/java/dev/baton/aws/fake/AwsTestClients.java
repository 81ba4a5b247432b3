package dev.baton.aws.fake;

import dev.baton.aws.internal.AwsClients;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The real SDK clients pointed at the in-test endpoints: {@code endpointOverride}, static
 * credentials and an explicit Region (still used for SigV4 signing, per the SDK's "Configure client
 * endpoints" guide), with the retry settings the module gives its own clients.
 */
public final class AwsTestClients {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(
          AwsBasicCredentials.create("AKIDEXAMPLETEST", "not-a-real-secret"));

  private AwsTestClients() {}

  /**
   * @param server the fake @return an ECR client for it, in us-east-1
   */
  public static EcrClient ecr(FakeAwsServer server) {
    return ecr(server, Region.US_EAST_1);
  }

  /**
   * @param server the fake @param region the client's Region @return an ECR client for it
   */
  public static EcrClient ecr(FakeAwsServer server, Region region) {
    return EcrClient.builder()
        .endpointOverride(server.endpoint())
        .region(region)
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(AwsClients.overrides())
        .build();
  }

  /**
   * @param endpoint a DynamoDB-API endpoint (Dynalite, a scripted server)
   * @param interceptors what sees each call, e.g. a counter
   * @return a DynamoDB client for it, in us-east-1, with the settings the module gives its own
   */
  public static DynamoDbClient dynamoDb(URI endpoint, ExecutionInterceptor... interceptors) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(
            AwsClients.overrides().toBuilder().executionInterceptors(List.of(interceptors)).build())
        .build();
  }

  /** {@return the credentials the test clients sign with} */
  public static StaticCredentialsProvider credentials() {
    return CREDENTIALS;
  }

  /**
   * @param server the fake @return an ECS client for it, in us-east-1
   */
  public static EcsClient ecs(FakeAwsServer server) {
    return EcsClient.builder()
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(AwsClients.overrides())
        .build();
  }
}
