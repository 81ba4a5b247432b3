package dev.baton;

import java.util.Objects;

/**
 * Who wrote the commit a run deploys, and who published the release it promotes, as the triggering
 * event says (GitHub's {@code head_commit.author.username}, {@code pull_request.user.login}, {@code
 * release.author.login}): the people an {@linkplain ApprovalPolicy#excludingAuthors() not-author}
 * approval policy refuses as approvers. Given to a pipeline with {@link
 * PromotionPipeline#withAuthors}.
 *
 * @param commitAuthor the commit's author's login; empty when unknown
 * @param releasePublisher the release's publisher's login; empty when none or unknown
 */
public record Authors(String commitAuthor, String releasePublisher) {
  /**
   * Checks nothing is null; both are stripped.
   *
   * @param commitAuthor the commit's author's login; empty when unknown
   * @param releasePublisher the release's publisher's login; empty when none or unknown
   */
  public Authors {
    commitAuthor = Objects.requireNonNull(commitAuthor, "commitAuthor").strip();
    releasePublisher = Objects.requireNonNull(releasePublisher, "releasePublisher").strip();
  }

  /** {@return nobody known} */
  public static Authors unknown() {
    return new Authors("", "");
  }

  /**
   * @param login the commit's author's login
   * @return the commit's author, no release publisher
   */
  public static Authors commit(String login) {
    return new Authors(login, "");
  }

  /**
   * @param login the release's publisher's login
   * @return the same authors, with the release's publisher
   */
  public Authors publishedBy(String login) {
    return new Authors(commitAuthor, login);
  }
}
