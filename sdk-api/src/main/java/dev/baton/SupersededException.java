package dev.baton;

/**
 * A run waiting for an environment gave way: a run for a newer commit is waiting for the same
 * target, and the environment's queue mode is {@link QueueMode#SUPERSEDE}. Nothing was changed.
 */
public final class SupersededException extends PolicyViolationException {
  private static final long serialVersionUID = 1L;

  /** What was waited for, e.g. {@code dev}. */
  private final String subject;

  /** The commit of the run that gave way. */
  private final CommitSha commit;

  /** The newer commit waiting. */
  private final CommitSha newer;

  /**
   * @param subject what was waited for, e.g. the deployment target {@code dev}
   * @param commit the commit of the run that gave way
   * @param newer the newer commit waiting for the same target
   */
  public SupersededException(String subject, CommitSha commit, CommitSha newer) {
    super(
        "gave way on "
            + subject
            + ": a run for the newer commit "
            + newer
            + " is waiting, so "
            + commit
            + " is not deployed",
        "nothing to do: " + subject + " receives the newer commit");
    this.subject = subject;
    this.commit = commit;
    this.newer = newer;
  }

  /** {@return what was waited for} */
  public String subject() {
    return subject;
  }

  /** {@return the commit of the run that gave way} */
  public CommitSha commit() {
    return commit;
  }

  /** {@return the newer commit waiting for the same target} */
  public CommitSha newer() {
    return newer;
  }
}
