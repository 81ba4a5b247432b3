package dev.baton.spi;

/** How a {@link ImageRegistry#tag} call ended. A conflict is an exception, not a result. */
public enum TagResult {
  /** The tag did not exist and now points at the digest. */
  CREATED,
  /** The tag already pointed at the digest; nothing was written. */
  ALREADY_PRESENT,
  /** The tag pointed at another digest and was moved ({@link TagPolicy#ALLOW_MOVE} only). */
  MOVED
}
