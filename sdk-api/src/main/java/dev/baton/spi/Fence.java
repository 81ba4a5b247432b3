package dev.baton.spi;

import dev.baton.internal.Numbers;
import java.util.Objects;
import java.util.Optional;

/**
 * The condition of a ledger write (compare-and-set): the writer's fencing token, and the target's
 * current deployment as the writer read it. A ledger refuses a fenced write with {@link
 * dev.baton.StaleWriteException} when a newer token has written to the target, or when the target's
 * current deployment is no longer the one the writer read.
 */
public final class Fence {
  private static final Fence NONE = new Fence(0, false, "");

  private final long token;
  private final boolean checksCurrent;
  private final String expectedCurrentId;

  private Fence(long token, boolean checksCurrent, String expectedCurrentId) {
    this.token = token;
    this.checksCurrent = checksCurrent;
    this.expectedCurrentId = expectedCurrentId;
  }

  /** {@return no condition: the write is made whatever happened since} */
  public static Fence none() {
    return NONE;
  }

  /**
   * @param token the writer's lease token, at least 1
   * @param current the target's current deployment as the writer read it; empty when it had none
   * @return the condition
   */
  public static Fence of(long token, Optional<DeploymentRecord> current) {
    Numbers.positive(token, "fencing token");
    return new Fence(token, true, current.map(DeploymentRecord::id).orElse(""));
  }

  /** {@return the writer's fencing token; 0 for an unfenced write} */
  public long token() {
    return token;
  }

  /** {@return whether the write checks the target's current deployment} */
  public boolean checksCurrent() {
    return checksCurrent;
  }

  /**
   * {@return the id of the current deployment the writer read; empty when it read none. Meaningful
   * only when {@link #checksCurrent()}}
   */
  public String expectedCurrentId() {
    return expectedCurrentId;
  }

  /**
   * Whether a target whose newest token is {@code newestToken} and whose current deployment is
   * {@code current} still satisfies this condition: the check every ledger makes atomically.
   *
   * @param newestToken the greatest token that has written to the target; 0 when none
   * @param current the target's current deployment
   * @return empty when the write may go ahead, else why not
   */
  public Optional<String> violation(long newestToken, Optional<DeploymentRecord> current) {
    if (token > 0 && token < newestToken) {
      return Optional.of(
          "a newer lease (token "
              + newestToken
              + ") has written since this one (token "
              + token
              + ")");
    }
    String actual = current.map(DeploymentRecord::id).orElse("");
    if (checksCurrent && !actual.equals(expectedCurrentId)) {
      return Optional.of(
          "the current deployment is "
              + (actual.isEmpty() ? "none" : actual)
              + ", not "
              + (expectedCurrentId.isEmpty() ? "none" : expectedCurrentId)
              + " as read");
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fence f
        && f.token == token
        && f.checksCurrent == checksCurrent
        && f.expectedCurrentId.equals(expectedCurrentId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(token, checksCurrent, expectedCurrentId);
  }

  @Override
  public String toString() {
    return this == NONE
        ? "Fence[none]"
        : "Fence[token "
            + token
            + (checksCurrent
                ? ", current " + (expectedCurrentId.isEmpty() ? "none" : expectedCurrentId)
                : "")
            + "]";
  }
}
