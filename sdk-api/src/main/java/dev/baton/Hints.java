package dev.baton;

/**
 * The troubleshooting table of the delivery flow, as hints that errors and results carry. Providers
 * use these so that the same situation reads the same everywhere.
 */
public final class Hints {
  /** Terraform said "No changes": the same image was applied again. */
  public static final String NO_CHANGES =
      "the image is the same as the one already deployed; push a new commit to deploy a change";
  /** An image or tag is missing. */
  public static final String IMAGE_NOT_FOUND =
      "the tag does not exist or the registry denies access: check that CI pushed the image for"
          + " this commit and that the role may read the repository";
  /** Cloud credentials were refused. */
  public static final String AUTH =
      "check that the IAM role's trust policy includes this repository (GitHub OIDC subject) and"
          + " that the role may use the registry";
  /** A deployment did not become healthy in time. */
  public static final String TIMEOUT =
      "check the ECS service events for task start-up failures, and the application's logs";
  /** A pull request was not deployed. */
  public static final String PREVIEW_NOT_DEPLOYING = "check that the deploy label is on the pull request";

  private Hints() {}
}
