package dev.baton;

/**
 * A tag already points at a different digest and moving it was not allowed; the tag is unchanged
 * (invariant 3).
 */
public final class TagConflictException extends PolicyViolationException {
  private static final long serialVersionUID = 1L;

  /** The repository and tag in conflict. */
  private final ImageReference image;

  /** The digest the tag points at. */
  private final Digest existing;

  /** The digest the caller wanted. */
  private final Digest wanted;

  /**
   * @param image the repository and tag in conflict
   * @param existing the digest the tag points at
   * @param wanted the digest the caller wanted it to point at
   */
  public TagConflictException(ImageReference image, Digest existing, Digest wanted) {
    this(image, existing, wanted, null);
  }

  /**
   * @param image the repository and tag in conflict
   * @param existing the digest the tag points at
   * @param wanted the digest the caller wanted it to point at
   * @param cause the registry's own refusal (an immutable-tag error, say), or {@code null}
   */
  public TagConflictException(
      ImageReference image, Digest existing, Digest wanted, Throwable cause) {
    super(
        "tag "
            + image
            + " already points at "
            + existing
            + ", not "
            + wanted
            + "; it was left unchanged",
        "a release tag names one image for good: publish a new release version, or allow moving"
            + " the tag explicitly if this is really meant",
        cause);
    this.image = image;
    this.existing = existing;
    this.wanted = wanted;
  }

  /** {@return the repository and tag in conflict} */
  public ImageReference image() {
    return image;
  }

  /** {@return the digest the tag points at} */
  public Digest existing() {
    return existing;
  }

  /** {@return the digest the caller wanted} */
  public Digest wanted() {
    return wanted;
  }
}
