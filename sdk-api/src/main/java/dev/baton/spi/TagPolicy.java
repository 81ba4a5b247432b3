package dev.baton.spi;

/** What {@link ImageRegistry#tag} does when the tag already points at another digest. */
public enum TagPolicy {
  /** Refuse with {@link dev.baton.TagConflictException} and leave the tag alone (release tags). */
  NO_CLOBBER,
  /** Move the tag to the new digest (moving tags such as {@code latest}). */
  ALLOW_MOVE
}
