package dev.baton;

/**
 * A deploy would move a target back to an ancestor of the commit it runs. Only an explicit {@link
 * PromotionPipeline#rollback rollback} may do that. Nothing was changed.
 */
public final class OlderCommitException extends PolicyViolationException {
  private static final long serialVersionUID = 1L;

  /** The target. */
  private final DeploymentTarget target;

  /** The commit that was to be deployed. */
  private final CommitSha commit;

  /** The newer commit the target runs. */
  private final CommitSha running;

  /**
   * @param target the target
   * @param commit the commit that was to be deployed
   * @param running the newer commit the target runs
   */
  public OlderCommitException(DeploymentTarget target, CommitSha commit, CommitSha running) {
    super(
        "refusing to deploy "
            + commit
            + " to "
            + target
            + ": it is an ancestor of "
            + running
            + ", which "
            + target
            + " runs",
        "deploy a newer commit, or roll back explicitly (baton rollback) to go back");
    this.target = target;
    this.commit = commit;
    this.running = running;
  }

  /** {@return the target} */
  public DeploymentTarget target() {
    return target;
  }

  /** {@return the commit that was to be deployed} */
  public CommitSha commit() {
    return commit;
  }

  /** {@return the newer commit the target runs} */
  public CommitSha running() {
    return running;
  }
}
