/**
 * Baton on AWS: {@link dev.baton.aws.EcrImageRegistry} promotes images inside Amazon ECR by
 * re-tagging through the ECR API, {@link dev.baton.aws.EcrCredentials} hands ECR's registry token
 * to OCI registry clients, and {@link dev.baton.aws.EcsDeploymentVerifier} checks that an ECS
 * service really runs the promoted digest. {@link dev.baton.aws.DynamoDbLeaseStore} and {@link
 * dev.baton.aws.DynamoDbDeploymentLedger} share deploy leases and the deployment ledger between
 * processes through one DynamoDB table, which {@link dev.baton.aws.DynamoDbTables} creates. Clients
 * passed in are never closed; clients created here use the SDK's default credential chain.
 */
package dev.baton.aws;
