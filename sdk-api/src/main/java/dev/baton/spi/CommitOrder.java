package dev.baton.spi;

/** How one commit relates to another in history; see {@link CommitHistory#compare}. */
public enum CommitOrder {
  /** The same commit. */
  SAME,
  /** The first is an ancestor of the second. */
  OLDER,
  /** The second is an ancestor of the first. */
  NEWER,
  /** Neither is an ancestor of the other (different branches). */
  DIVERGED,
  /** Not known here (a commit is missing from the checkout, or no history is configured). */
  UNKNOWN
}
