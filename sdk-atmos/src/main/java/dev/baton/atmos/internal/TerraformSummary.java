package dev.baton.atmos.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Terraform's verdict from the lines of an apply or destroy as they stream past (so the
 * verdict is found even when the output is longer than what is captured). Lines must already be
 * ANSI-stripped. The forms matched are Terraform's and OpenTofu's, the same strings atmos's own CI
 * parser and the legacy plan action match:
 *
 * <pre>
 * No changes. Your infrastructure matches the configuration.      (Terraform 0.15.4 and later)
 * No changes. Infrastructure is up-to-date.                       (older versions)
 * No changes. No objects need to be destroyed.                    (destroy of an empty workspace)
 * Apply complete! Resources: 1 added, 2 changed, 3 destroyed.
 * Destroy complete! Resources: 3 destroyed.
 * </pre>
 *
 * Thread-safe: lines may arrive from the stdout reader while another thread asks.
 */
public final class TerraformSummary {
  private static final Pattern NO_CHANGES =
      Pattern.compile(
          "No changes\\.\\s+(?:Your infrastructure matches the configuration|Infrastructure is"
              + " up-to-date|No objects need to be destroyed)\\.");
  private static final Pattern APPLY =
      Pattern.compile(
          "Apply complete! Resources: (\\d+) added, (\\d+) changed, (\\d+) destroyed\\.");
  private static final Pattern DESTROY =
      Pattern.compile("Destroy complete! Resources: (\\d+) destroyed\\.");

  private boolean noChanges;
  private int[] apply;
  private Integer destroyed;

  /**
   * Takes one line of stdout into account.
   *
   * @param line a line, ANSI-stripped
   */
  public synchronized void accept(String line) {
    String s = line.strip();
    if (!s.startsWith("No changes.")
        && !s.startsWith("Apply complete!")
        && !s.startsWith("Destroy complete!")) {
      return;
    }
    if (NO_CHANGES.matcher(s).lookingAt()) {
      noChanges = true;
      return;
    }
    Matcher m = APPLY.matcher(s);
    if (m.lookingAt()) {
      apply = new int[] {count(m.group(1)), count(m.group(2)), count(m.group(3))};
      return;
    }
    m = DESTROY.matcher(s);
    if (m.lookingAt()) {
      destroyed = count(m.group(1));
    }
  }

  private static int count(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  /** {@return whether Terraform said "No changes." in one of its forms} */
  public synchronized boolean noChanges() {
    return noChanges;
  }

  /** {@return whether an "Apply complete!" line was seen} */
  public synchronized boolean applied() {
    return apply != null;
  }

  /** {@return added, changed, destroyed from "Apply complete!"; zeros when it was not seen} */
  public synchronized int[] applyCounts() {
    return apply == null ? new int[3] : apply.clone();
  }

  /** {@return whether a "Destroy complete!" line was seen} */
  public synchronized boolean destroyCompleted() {
    return destroyed != null;
  }

  /** {@return the count from "Destroy complete!"; zero when it was not seen} */
  public synchronized int destroyedCount() {
    return destroyed == null ? 0 : destroyed;
  }
}
