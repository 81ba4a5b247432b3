/**
 * Amazon ECR through its API ({@link dev.baton.aws.EcrImageRegistry}), ECR registry credentials for
 * OCI clients ({@link dev.baton.aws.EcrCredentials}), ECS rollout verification ({@link
 * dev.baton.aws.EcsDeploymentVerifier}) and leases and a deployment ledger on one DynamoDB table
 * ({@link dev.baton.aws.DynamoDbLeaseStore}, {@link dev.baton.aws.DynamoDbDeploymentLedger}), on
 * the AWS SDK for Java v2.
 */
module dev.baton.aws {
  requires transitive dev.baton;
  requires org.slf4j;
  requires transitive software.amazon.awssdk.services.ecr;
  requires transitive software.amazon.awssdk.services.ecs;
  requires transitive software.amazon.awssdk.services.dynamodb;
  requires transitive software.amazon.awssdk.auth;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.retries.api;
  requires software.amazon.awssdk.retries;
  requires software.amazon.awssdk.http.urlconnection;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.utils;

  exports dev.baton.aws;
}
