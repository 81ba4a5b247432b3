package dev.baton;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How builds are tagged: {@code sha-<40 hex>} by default, which is what the reference workflows
 * deploy (docker/metadata-action's {@code type=sha,format=long}). The 7-character form they also
 * push is accepted when looking a build up.
 *
 * @param prefix put before the commit, {@code sha-}
 * @param length how many hex characters of the commit, 7 to 40
 */
public record ImageTagScheme(String prefix, int length) {
  /** The short length docker/metadata-action uses by default. */
  public static final int SHORT_LENGTH = 7;

  /** Validates that the tags it makes are valid OCI tags. */
  public ImageTagScheme {
    Objects.requireNonNull(prefix, "prefix");
    if (length < SHORT_LENGTH || length > 40) {
      throw new IllegalArgumentException("commit length must be 7 to 40, got " + length);
    }
    Tag.parse(prefix + "0".repeat(length));
  }

  /** The standard scheme: {@code sha-} and the full 40 characters of the commit. */
  public static ImageTagScheme standard() {
    return new ImageTagScheme("sha-", 40);
  }

  /**
   * @param commit a commit
   * @return the tag its build is pushed and deployed under
   */
  public Tag tagFor(CommitSha commit) {
    return Tag.parse(prefix + commit.abbreviate(length));
  }

  /**
   * @param commit a commit
   * @return the tags to look its build up by, in order: {@link #tagFor}, then the 7-character form
   */
  public List<Tag> lookupTags(CommitSha commit) {
    List<Tag> out = new ArrayList<>();
    out.add(tagFor(commit));
    Tag shortTag = Tag.parse(prefix + commit.shortForm());
    if (!out.contains(shortTag)) {
      out.add(shortTag);
    }
    return out;
  }
}
