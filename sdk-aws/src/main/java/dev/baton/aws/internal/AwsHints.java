package dev.baton.aws.internal;

import dev.baton.Hints;

/** The hints of failures on AWS: a refused role, an ECS service that does not roll out. */
public final class AwsHints {
  /** AWS refused the credentials or the permission. */
  public static final String AUTH =
      Hints.ROLE_TRUST_POLICY + " and that the role may use the registry";

  /** An ECS service did not run the new task definition, in time or at all. */
  public static final String ECS_ROLLOUT =
      "check the ECS service events for task start-up failures, and the application's logs";

  private AwsHints() {}
}
