package dev.baton.atmos.internal;

import dev.baton.Hints;
import java.util.List;
import java.util.Locale;

/**
 * Picks the hint for a failed atmos run from its last lines: the troubleshooting table of the
 * delivery flow (credentials, missing image) plus the atmos and Terraform failures people hit
 * most (a held state lock, a stack or component that does not exist, a missing init).
 */
public final class FailureHints {
  /** When nothing more specific matches. */
  public static final String GENERIC =
      "read the output above; deploys and destroys are safe to run again once the cause is fixed";
  /** Another run holds the state lock. */
  public static final String STATE_LOCK = "another Terraform run holds this workspace's state"
      + " lock: wait for it to finish, or release a stale lock with terraform force-unlock";
  /** The stack or component is not in the configuration. */
  public static final String NOT_CONFIGURED = "atmos found no such component in that stack:"
      + " check the names, the working directory and ATMOS_BASE_PATH / ATMOS_PROFILE";

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
    if (text.contains("accessdenied") || text.contains("access denied")
        || text.contains("expiredtoken") || text.contains("invalidclienttokenid")
        || text.contains("no valid credential sources") || text.contains("unrecognizedclient")
        || text.contains("not authorized to perform")) {
      return Hints.AUTH;
    }
    if (text.contains("cannotpullcontainererror") || text.contains("manifest unknown")
        || text.contains("manifest not found")) {
      return Hints.IMAGE_NOT_FOUND;
    }
    return GENERIC;
  }
}
