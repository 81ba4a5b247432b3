package dev.baton.aws.internal;

import dev.baton.AccessDeniedException;
import dev.baton.NotFoundException;
import dev.baton.ProviderException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns AWS SDK exceptions into Baton's, by what the caller can do next. The AWS exception stays as
 * the cause; its message (the service's own words, which name resources but never secrets) is
 * quoted so that the error reads on its own.
 */
public final class AwsErrors {
  /**
   * Error codes that mean the credentials or the role's permissions were refused. ECR and ECS
   * answer {@code AccessDeniedException}; the signing layer answers the others ("Common errors" in
   * the ECR and ECS API references).
   */
  private static final Set<String> AUTH_CODES =
      Set.of(
          "AccessDeniedException",
          "AccessDenied",
          "UnrecognizedClientException",
          "InvalidSignatureException",
          "SignatureDoesNotMatch",
          "ExpiredTokenException",
          "ExpiredToken",
          "InvalidClientTokenId",
          "MissingAuthenticationTokenException",
          "MissingAuthenticationToken",
          "NotAuthorized",
          "UnauthorizedOperation");

  /** Error codes of throttling refusals that a later call may pass. */
  private static final Set<String> THROTTLING_CODES =
      Set.of(
          "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded");

  /**
   * The error code of a service quota reached ("LimitExceededException" in the ECR API reference:
   * "exceeded a service limit for your account", e.g. images per repository). It is not throttling:
   * the SDK does not retry it, and no later call passes until the quota is raised or usage falls.
   */
  public static final String QUOTA_CODE = "LimitExceededException";

  /** Hint for a service quota reached. */
  public static final String QUOTA_HINT =
      "a service quota of the account or repository was reached (for ECR, e.g. images per"
          + " repository): request a higher quota in Service Quotas, or remove unused images with"
          + " an ECR lifecycle policy";

  /** Hint for ECR's modeled RepositoryNotFoundException. */
  public static final String REPOSITORY_HINT =
      "check the repository name and that it exists in this account and Region; ECR does not"
          + " create repositories on push";

  private AwsErrors() {}

  /**
   * @param e the SDK's exception
   * @return the service's error code, or empty when it is not a service error
   */
  public static String errorCode(SdkException e) {
    if (e instanceof AwsServiceException ase
        && ase.awsErrorDetails() != null
        && ase.awsErrorDetails().errorCode() != null) {
      return ase.awsErrorDetails().errorCode();
    }
    return "";
  }

  /**
   * @param e the SDK's exception
   * @return whether it refuses the credentials or a permission
   */
  public static boolean isAccessDenied(SdkException e) {
    if (e instanceof AwsServiceException ase) {
      return AUTH_CODES.contains(errorCode(e)) || ase.statusCode() == 403;
    }
    // The default credential chain (web identity included) fails on the client side.
    return e instanceof SdkClientException
        && e.getMessage() != null
        && e.getMessage().contains("Unable to load credentials");
  }

  /**
   * @param e the SDK's exception
   * @return whether the service throttled the call
   */
  public static boolean isThrottling(SdkException e) {
    return e instanceof AwsServiceException ase
        && (ase.isThrottlingException() || THROTTLING_CODES.contains(errorCode(e)));
  }

  /**
   * Maps the errors every AWS call shares: access denied, throttling, server errors, I/O.
   *
   * @param e the SDK's exception
   * @param what what was being done, naming the resource (e.g. "PutImage of app:1.2.3 in ...")
   * @return the Baton exception to throw
   */
  public static ProviderException map(SdkException e, String what) {
    String detail = detail(e);
    if (isAccessDenied(e)) {
      return new AccessDeniedException(what + " was denied: " + detail, AwsHints.AUTH, e);
    }
    if (QUOTA_CODE.equals(errorCode(e))) {
      return ProviderException.permanent(
          what + " exceeded a service quota: " + detail, QUOTA_HINT, e);
    }
    if (isThrottling(e)) {
      return ProviderException.retryable(
          what + " was throttled after the SDK's retries: " + detail,
          "the account's request quota was exceeded; retry later, lower the call rate or ask"
              + " for a higher quota in Service Quotas",
          e);
    }
    if (e instanceof AwsServiceException ase) {
      if (ase.statusCode() >= 500) {
        return ProviderException.retryable(
            what + " failed on the AWS side: " + detail,
            "a server error on AWS's side; retry later",
            e);
      }
      return ProviderException.permanent(what + " failed: " + detail, e);
    }
    if (e instanceof SdkClientException) {
      return ProviderException.retryable(
          what + " could not reach AWS: " + detail,
          "check the network path to the AWS endpoint, the Region and any proxy settings",
          e);
    }
    return ProviderException.permanent(what + " failed: " + detail, e);
  }

  /**
   * A {@link NotFoundException} for a missing ECR repository.
   *
   * @param e the SDK's exception
   * @param repository the repository, with its registry host
   * @return the exception to throw
   */
  public static NotFoundException repositoryNotFound(SdkException e, String repository) {
    return new NotFoundException(
        "repository " + repository + " does not exist: " + detail(e), REPOSITORY_HINT, e);
  }

  /**
   * @param e the SDK's exception
   * @return the error code and the service's message, for an error message
   */
  public static String detail(SdkException e) {
    if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
      String code = errorCode(e);
      String message = ase.awsErrorDetails().errorMessage();
      return (code.isEmpty() ? "HTTP " + ase.statusCode() : code)
          + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }
    return e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
  }
}
