package dev.baton.cli.internal;

import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.Tag;

/** Short, readable forms of image references for progress lines, tables and diagrams. */
public final class Images {
  private Images() {}

  /**
   * @param digest a digest
   * @return {@code sha256:} and the first 12 hex characters, as {@code docker images} shows them
   */
  public static String shortDigest(Digest digest) {
    String enc = digest.encoded();
    return digest.algorithm() + ":" + enc.substring(0, Math.min(12, enc.length()));
  }

  /**
   * @param image a reference
   * @return its short digest, or {@code (digest unresolved)}
   */
  public static String shortDigest(ImageReference image) {
    return image.digest().map(Images::shortDigest).orElse("(digest unresolved)");
  }

  /**
   * @param tag a tag
   * @return the tag, with a {@code sha-<40>} build tag cut to {@code sha-<7>} for display
   */
  public static String shortTag(Tag tag) {
    String v = tag.value();
    return v.matches("sha-[0-9a-f]{40}") ? v.substring(0, 11) : v;
  }

  /**
   * @param image a reference
   * @return {@code repository:tag@sha256:<12>}, readable in one line
   */
  public static String display(ImageReference image) {
    return image.registry()
        + "/"
        + image.repository()
        + image.tag().map(t -> ":" + shortTag(t)).orElse("")
        + "@"
        + shortDigest(image);
  }
}
