package dev.baton.cli.internal;

import dev.baton.Digest;
import dev.baton.ImageReference;

/**
 * Readable forms of image references for progress lines, tables and diagrams. Tags are always
 * printed whole, since they are copied into other commands; only a digest is abbreviated, and then
 * with a trailing {@code …}, so that it does not look like something to copy.
 */
public final class Images {
  private Images() {}

  /**
   * @param digest a digest
   * @return {@code sha256:}, the first 12 hex characters and {@code …}: for display only
   */
  public static String shortDigest(Digest digest) {
    String enc = digest.encoded();
    return enc.length() <= 12
        ? digest.toString()
        : digest.algorithm() + ":" + enc.substring(0, 12) + "…";
  }

  /**
   * @param image a reference
   * @return its short digest, or {@code (digest unresolved)}
   */
  public static String shortDigest(ImageReference image) {
    return image.digest().map(Images::shortDigest).orElse("(digest unresolved)");
  }

  /**
   * @param image a reference
   * @return {@code registry/repository:tag (sha256:<12>…)}, the tag whole, so that the part before
   *     the parenthesis can be copied; without a tag, the whole pinned reference
   */
  public static String display(ImageReference image) {
    if (image.tag().isEmpty()) {
      return image.toString();
    }
    return image.withoutDigest() + " (" + shortDigest(image) + ")";
  }
}
