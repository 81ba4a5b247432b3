package dev.baton.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.CommitSha;
import dev.baton.github.internal.GitHubRestClient;
import dev.baton.spi.CommitHistory;
import dev.baton.spi.CommitOrder;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How two commits relate, as GitHub's compare API says ({@code GET
 * /repos/{owner}/{repo}/compare/{base}...{head}}): for a run with no usable clone, or a shallow one
 * ({@code actions/checkout}'s default) that lacks the commits.
 *
 * <pre>{@code
 * CommitHistory history = GitHubCommitHistory.of(GitHubConnection.fromEnvironment());
 * }</pre>
 *
 * <p>{@code compare(a, b)} asks for {@code a...b}, {@code a} as the base and {@code b} as the head.
 * GitHub's {@code status} describes the head against the base, so it reads:
 *
 * <table>
 *   <caption>GitHub's status for base a, head b, and the answer</caption>
 *   <tr><th>status</th><th>meaning</th><th>answer</th></tr>
 *   <tr><td>{@code identical}</td><td>the same commit</td><td>{@link CommitOrder#SAME}</td></tr>
 *   <tr><td>{@code ahead}</td><td>b has commits a lacks, and not the other way: a is an ancestor of
 *       b</td><td>{@link CommitOrder#OLDER}</td></tr>
 *   <tr><td>{@code behind}</td><td>b is an ancestor of a</td><td>{@link CommitOrder#NEWER}</td></tr>
 *   <tr><td>{@code diverged}</td><td>each has commits the other lacks</td><td>{@link
 *       CommitOrder#DIVERGED}</td></tr>
 * </table>
 *
 * <p>A 404 (GitHub knows neither commit, or they have no common ancestor) and a status this class
 * does not know are {@link CommitOrder#UNKNOWN}, so nothing is refused for them. Any other failure
 * (a token without {@code contents: read}, GitHub unreachable after the client's retries) is
 * thrown: a deploy whose order cannot be checked stops rather than risk moving a target back.
 * Answers other than {@link CommitOrder#UNKNOWN} are kept, since commits never change: up to
 * {@value #DEFAULT_CACHE_SIZE} entries unless another size is given, least recently used dropped
 * first. Each comparison asks for one page of one commit ({@code per_page=1}), since only the
 * status is read.
 *
 * <p>Safe for concurrent use. The connection stays its creator's to close.
 */
public final class GitHubCommitHistory implements CommitHistory {
  private static final Logger LOG = LoggerFactory.getLogger(GitHubCommitHistory.class);

  /** The most answers kept unless another size is given. */
  public static final int DEFAULT_CACHE_SIZE = 1024;

  private final GitHubRestClient client;
  private final String repoPath;
  private final CommitOrderCache answers;

  private GitHubCommitHistory(GitHubConnection connection, int cacheSize) {
    this.client = connection.client();
    this.repoPath = connection.repoPath();
    this.answers = new CommitOrderCache(cacheSize);
  }

  /**
   * @param connection the repository and token ({@code contents: read} is enough)
   * @return the history, keeping up to {@value #DEFAULT_CACHE_SIZE} answers
   */
  public static GitHubCommitHistory of(GitHubConnection connection) {
    return of(connection, DEFAULT_CACHE_SIZE);
  }

  /**
   * @param connection the repository and token ({@code contents: read} is enough)
   * @param cacheSize the most answers kept, at least 2 (each answer is kept both ways)
   * @return the history
   */
  public static GitHubCommitHistory of(GitHubConnection connection, int cacheSize) {
    Objects.requireNonNull(connection, "connection");
    return new GitHubCommitHistory(connection, cacheSize);
  }

  @Override
  public CommitOrder compare(CommitSha a, CommitSha b) {
    return answers.compare(a, b, this::ask);
  }

  private CommitOrder ask(CommitSha base, CommitSha head) {
    Optional<JsonNode> comparison =
        client.find(repoPath + "/compare/" + base + "..." + head + "?per_page=1");
    if (comparison.isEmpty()) {
      return CommitOrder.UNKNOWN;
    }
    String status = comparison.get().path("status").asText("");
    return switch (status) {
      case "identical" -> CommitOrder.SAME;
      case "ahead" -> CommitOrder.OLDER;
      case "behind" -> CommitOrder.NEWER;
      case "diverged" -> CommitOrder.DIVERGED;
      default -> {
        LOG.warn(
            "GitHub compared {}...{} with status \"{}\", which Baton does not know; treating"
                + " their order as unknown",
            base,
            head,
            status);
        yield CommitOrder.UNKNOWN;
      }
    };
  }

  @Override
  public String toString() {
    return "GitHubCommitHistory[" + repoPath.substring("/repos/".length()) + "]";
  }
}
