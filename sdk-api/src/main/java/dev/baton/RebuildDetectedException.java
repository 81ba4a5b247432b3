package dev.baton;

/**
 * The build tag of a commit points at a different digest than the one already recorded for that
 * commit: the image was rebuilt. Nothing is deployed (invariant 2: one commit, one digest).
 */
public final class RebuildDetectedException extends PolicyViolationException {
  private static final long serialVersionUID = 1L;

  /** The commit whose image changed. */
  private final CommitSha commit;

  /** The digest first recorded for the commit. */
  private final Digest recorded;

  /** The digest the build tag points at now. */
  private final Digest seen;

  /**
   * @param commit the commit whose image changed
   * @param recorded the digest first recorded for it
   * @param seen the digest its build tag points at now
   */
  public RebuildDetectedException(CommitSha commit, Digest recorded, Digest seen) {
    super(
        "commit "
            + commit
            + " was rebuilt: its image was recorded as "
            + recorded
            + " but its build tag now points at "
            + seen
            + "; refusing to deploy",
        "one commit must have one image; push a new commit instead of rebuilding, or restore the"
            + " original tag to "
            + recorded);
    this.commit = commit;
    this.recorded = recorded;
    this.seen = seen;
  }

  /** {@return the commit whose image changed} */
  public CommitSha commit() {
    return commit;
  }

  /** {@return the digest first recorded for the commit} */
  public Digest recorded() {
    return recorded;
  }

  /** {@return the digest the build tag points at now} */
  public Digest seen() {
    return seen;
  }
}
