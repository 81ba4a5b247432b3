package dev.baton.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.ProviderException;
import dev.baton.github.internal.GitHubRestClient;
import dev.baton.internal.Numbers;
import dev.baton.spi.PullRequestSource;
import dev.baton.spi.PullRequestState;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Pull requests as GitHub's REST API says they are now ({@code GET
 * /repos/{owner}/{repo}/pulls/{pull_number}}): whether each is open and which labels it carries,
 * for the preview sweeper.
 *
 * <pre>{@code
 * PullRequestSource prs = GitHubPullRequestSource.of(GitHubConnection.fromEnvironment());
 * SweepReport report = pipeline.sweepPreviews(SweepPolicy.of(prs));
 * }</pre>
 *
 * <p>One request per pull request, through the connection's client (its time limits, body bounds,
 * retries and rate-limit handling). A token needs {@code pull-requests: read}. A pull request
 * GitHub does not know is a {@link dev.baton.NotFoundException}; a body without a {@code state} of
 * {@code open} or {@code closed}, or for another number, is a {@link ProviderException} naming what
 * it found. Safe for concurrent use; the connection stays its creator's to close.
 */
public final class GitHubPullRequestSource implements PullRequestSource {
  private final GitHubRestClient client;
  private final String repoPath;

  private GitHubPullRequestSource(GitHubConnection connection) {
    this.client = connection.client();
    this.repoPath = connection.repoPath();
  }

  /**
   * @param connection the repository and token ({@code pull-requests: read} is enough)
   * @return the source
   */
  public static GitHubPullRequestSource of(GitHubConnection connection) {
    Objects.requireNonNull(connection, "connection");
    return new GitHubPullRequestSource(connection);
  }

  @Override
  public PullRequestState state(int number) {
    Numbers.positive(number, "pull request number");
    JsonNode pull = client.get(repoPath + "/pulls/" + number);
    String state = pull.path("state").asText("");
    if (!state.equals("open") && !state.equals("closed")) {
      throw malformed(number, "its state is \"" + abbreviate(state) + "\", not open or closed");
    }
    if (pull.path("number").asLong(-1) != number) {
      throw malformed(number, "the answer is for pull request " + pull.path("number"));
    }
    Set<String> labels = new LinkedHashSet<>();
    for (JsonNode label : pull.path("labels")) {
      String name = label.path("name").asText("");
      if (!name.isEmpty()) {
        labels.add(name);
      }
    }
    return new PullRequestState(number, state.equals("open"), labels);
  }

  private ProviderException malformed(int number, String what) {
    return ProviderException.permanent(
        "GitHub's answer for pull request #" + number + " of " + this + " is not usable: " + what,
        "check that the API URL points at GitHub's REST API",
        null);
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  @Override
  public String toString() {
    return "GitHubPullRequestSource[" + repoPath.substring("/repos/".length()) + "]";
  }
}
