package dev.baton.spi;

import dev.baton.CommitSha;
import dev.baton.ReleaseVersion;
import java.util.Objects;

/**
 * A release as the release source holds it.
 *
 * @param id the source's own identifier
 * @param version the release's tag, as written
 * @param name the release's title (the reference names it {@code v1.2.3} while tagging {@code
 *     1.2.3})
 * @param commit the commit the release is for
 * @param draft whether it is still a draft
 * @param prerelease whether it is a pre-release
 */
public record Release(
    String id,
    ReleaseVersion version,
    String name,
    CommitSha commit,
    boolean draft,
    boolean prerelease) {
  /**
   * Checks that nothing is null.
   *
   * @param id the source's own identifier
   * @param version the release's tag, as written
   * @param name the release's title (the reference names it {@code v1.2.3} while tagging {@code
   *     1.2.3})
   * @param commit the commit the release is for
   * @param draft whether it is still a draft
   * @param prerelease whether it is a pre-release
   */
  public Release {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(commit, "commit");
  }
}
