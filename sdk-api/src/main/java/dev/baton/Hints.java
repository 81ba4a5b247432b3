package dev.baton;

/**
 * The hints of the failures and results that this module itself produces, from the troubleshooting
 * table of the delivery flow. Each provider module keeps the hints of its own failures (the ECS
 * service's events, an atmos run's state lock, a GitHub token's permissions), so that a hint always
 * speaks of the provider that failed.
 */
public final class Hints {
  /** Terraform said "No changes": the same image was applied again. */
  public static final String NO_CHANGES =
      "the image is the same as the one already deployed; push a new commit to deploy a change";

  /** An image or tag is missing. */
  public static final String IMAGE_NOT_FOUND =
      "the tag does not exist or the registry denies access: check that CI pushed the image for"
          + " this commit and that the role may read the repository";

  /** A deployment ran but its verifier found it unhealthy. */
  public static final String UNHEALTHY =
      "the new version did not become healthy: read the verifier's detail and the application's"
          + " logs";

  /** The HTTP health check got no 2xx answer before its deadline. */
  public static final String HEALTH_CHECK_TIMEOUT =
      "check that the stack's url output points at the service, that the health paths answer 2xx"
          + " once it has started, and the application's logs";

  /** The host in the stack's url output does not resolve. */
  public static final String HEALTH_CHECK_UNKNOWN_HOST =
      "check the stack output's url for a wrong or stale host name, and that DNS has a record for"
          + " that host";

  /**
   * The cloud refused a role's credentials: what to check first, whichever provider was refused.
   * Each provider's own hint adds what the role must be allowed to do there.
   */
  public static final String ROLE_TRUST_POLICY =
      "check that the IAM role's trust policy includes this repository (GitHub OIDC subject)";

  /** A pull request was not deployed. */
  public static final String PREVIEW_NOT_DEPLOYING =
      "check that the deploy label is on the pull request";

  private Hints() {}
}
