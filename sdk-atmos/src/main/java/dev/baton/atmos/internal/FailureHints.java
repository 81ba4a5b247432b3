package dev.baton.atmos.internal;

import dev.baton.Hints;
import java.util.List;
import java.util.Locale;

/**
 * The hints of failed atmos runs. {@link #forOutput} picks one from a run's last lines: the
 * troubleshooting table of the delivery flow (credentials, missing image) plus the atmos and
 * Terraform failures people hit most (a held state lock, a stack or component that does not exist,
 * a missing init).
 */
public final class FailureHints {
  /** When nothing more specific matches. */
  public static final String GENERIC =
      "read the output above; deploys and destroys are safe to run again once the cause is fixed";

  /** Another run holds the state lock. */
  public static final String STATE_LOCK =
      "another Terraform run holds this workspace's state"
          + " lock: wait for it to finish, or release a stale lock with terraform force-unlock";

  /** The stack or component is not in the configuration. */
  public static final String NOT_CONFIGURED =
      "atmos found no such component in that stack:"
          + " check the names, the working directory and ATMOS_BASE_PATH / ATMOS_PROFILE";

  /** Terraform's cloud credentials were refused. */
  public static final String AUTH =
      "the cloud refused the credentials atmos ran Terraform with: "
          + Hints.ROLE_TRUST_POLICY
          + " and that the role may manage the stack's resources";

  /** An atmos run did not finish in time and was stopped. */
  public static final String TIMEOUT =
      "read the run's last output above for what it waited on;"
          + " if the plan or apply simply needs longer, raise"
          + " AtmosStackDeployer.builder().timeout(...)";

  /** A run waited in vain for another deploy or destroy of the same workspace. */
  public static final String WORKSPACE_BUSY =
      "another deploy or destroy of the same stack and"
          + " component ran in this process for the whole timeout: let it finish, then run again";

  private FailureHints() {}

  /**
   * @param tail the last lines of output
   * @return the hint that fits best
   */
  public static String forOutput(List<String> tail) {
    String text = String.join("\n", tail).toLowerCase(Locale.ROOT);
    if (text.contains("error acquiring the state lock")) {
      return STATE_LOCK;
    }
    if (text.contains("could not find config for the component")
        || text.contains("could not find the component")) {
      return NOT_CONFIGURED;
    }
    if (text.contains("accessdenied")
        || text.contains("access denied")
        || text.contains("expiredtoken")
        || text.contains("invalidclienttokenid")
        || text.contains("no valid credential sources")
        || text.contains("unrecognizedclient")
        || text.contains("not authorized to perform")) {
      return AUTH;
    }
    if (text.contains("cannotpullcontainererror")
        || text.contains("manifest unknown")
        || text.contains("manifest not found")) {
      return Hints.IMAGE_NOT_FOUND;
    }
    return GENERIC;
  }
}
