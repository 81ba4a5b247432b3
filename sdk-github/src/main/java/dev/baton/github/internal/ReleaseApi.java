package dev.baton.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.CommitSha;
import dev.baton.ProviderException;
import dev.baton.ReleaseVersion;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GitHub REST calls behind the release source: releases, git refs and tags, commits and merged
 * pull requests of one repository.
 */
public final class ReleaseApi {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseApi.class);
  // Nested annotated tags (a tag of a tag) are legal; real ones are one level deep.
  private static final int MAX_TAG_DEPTH = 8;
  private static final int MAX_PULLS_SCANNED = 1000;

  /** Releases read per page, GitHub's most. */
  public static final int RECENT = 100;

  private final GitHubRestClient client;
  private final String repo;

  /**
   * @param client the REST client
   * @param repoPath {@code /repos/owner/name}
   */
  public ReleaseApi(GitHubRestClient client, String repoPath) {
    this.client = client;
    this.repo = repoPath;
  }

  /**
   * The newest releases, drafts included (the token needs push access to see drafts): one page of
   * {@value #RECENT}, newest first, which holds the draft a repository keeps and its last published
   * releases. Older pages are not read, so the cost does not grow with the repository's releases.
   *
   * @return up to {@value #RECENT} releases, newest first
   */
  public List<JsonNode> recentReleases() {
    return client.firstPage(repo + "/releases?per_page=" + RECENT);
  }

  /**
   * GitHub's latest release: the most recent published release that is not a pre-release, by {@code
   * created_at} (https://docs.github.com/en/rest/releases/releases#get-the-latest-release).
   *
   * @return it; empty when the repository has none
   */
  public Optional<JsonNode> latest() {
    return client.find(repo + "/releases/latest");
  }

  /**
   * @param tag a tag
   * @return the published release with that tag (GitHub's by-tag lookup never returns drafts)
   */
  public Optional<JsonNode> publishedByTag(String tag) {
    return client.find(repo + "/releases/tags/" + tag);
  }

  /**
   * @param body the fields of the new release
   * @return the release GitHub created
   */
  public JsonNode create(Map<String, Object> body) {
    return client.post(repo + "/releases", body);
  }

  /**
   * @param id a release id
   * @param body the fields to change
   * @return the release as changed
   */
  public JsonNode update(long id, Map<String, Object> body) {
    return client.patch(repo + "/releases/" + id, body);
  }

  /**
   * @param id a release id to delete
   */
  public void delete(long id) {
    client.send("DELETE", repo + "/releases/" + id, null);
  }

  /**
   * The commit a tag points at, following annotated tag objects to their target.
   *
   * @param tag a tag name
   * @return the commit; empty when the tag does not exist
   */
  public Optional<CommitSha> commitOfTag(String tag) {
    Optional<JsonNode> ref = client.find(repo + "/git/ref/tags/" + tag);
    if (ref.isEmpty()) {
      return Optional.empty();
    }
    JsonNode object = ref.get().path("object");
    for (int depth = 0; depth < MAX_TAG_DEPTH; depth++) {
      String type = object.path("type").asText("");
      String sha = object.path("sha").asText("");
      switch (type) {
        case "commit":
          return Optional.of(sha(sha, "git ref tags/" + tag));
        case "tag":
          object = client.get(repo + "/git/tags/" + sha).path("object");
          break;
        default:
          throw ProviderException.permanent(
              "tag " + tag + " points at a " + type + " object " + sha + ", not at a commit",
              "point the release tag at a commit",
              null);
      }
    }
    throw ProviderException.permanent(
        "tag " + tag + " is nested more than " + MAX_TAG_DEPTH + " annotated tags deep",
        "point the release tag at a commit",
        null);
  }

  /**
   * @param ref a branch, tag or SHA
   * @return the commit it names
   */
  public CommitSha commitOfRef(String ref) {
    CommitSha direct = CommitSha.tryParse(ref).orElse(null);
    if (direct != null) {
      return direct;
    }
    return sha(client.get(repo + "/commits/" + ref).path("sha").asText(""), "commit " + ref);
  }

  /**
   * @param commit a commit
   * @return the GitHub login of its author ({@code author.login} of {@code GET /commits/{sha}});
   *     empty when GitHub matched the commit's email to no account
   */
  public Optional<String> authorLogin(CommitSha commit) {
    String login =
        client.get(repo + "/commits/" + commit.value()).path("author").path("login").asText("");
    return login.isBlank() ? Optional.empty() : Optional.of(login);
  }

  /**
   * The labels of each pull request merged after an instant, newest first. Pull requests are listed
   * by last update, so the scan stops at the first one updated before {@code since}: a pull request
   * merged after {@code since} was updated after it too.
   *
   * <p>Before the first release ({@code since} is {@link Instant#EPOCH}) only the newest page of
   * {@value #RECENT} closed pull requests is read, rather than the repository's whole past.
   *
   * @param since the last release's publication; {@link Instant#EPOCH} when none
   * @return each merged pull request's number, title and labels
   */
  public List<MergedPull> mergedSince(Instant since) {
    List<MergedPull> out = new ArrayList<>();
    int scanned = 0;
    int most = since.equals(Instant.EPOCH) ? RECENT : MAX_PULLS_SCANNED;
    for (JsonNode pr :
        client.list(repo + "/pulls?state=closed&sort=updated&direction=desc&per_page=" + RECENT)) {
      if (instant(pr.path("updated_at")).map(u -> u.isBefore(since)).orElse(false)) {
        break;
      }
      Optional<Instant> merged = instant(pr.path("merged_at"));
      if (merged.isPresent() && merged.get().isAfter(since)) {
        List<String> labels = new ArrayList<>();
        pr.path("labels").forEach(l -> labels.add(l.path("name").asText("")));
        out.add(
            new MergedPull(
                pr.path("number").asLong(),
                pr.path("title").asText(""),
                pr.path("user").path("login").asText(""),
                labels));
      }
      // Stop before the iteration asks for a page that would not be read.
      if (++scanned >= most) {
        LOG.info(
            "stopped after {} closed pull requests; older ones do not count toward the"
                + " version bump",
            most);
        break;
      }
    }
    return out;
  }

  /**
   * @param release a release's JSON
   * @return its tag, when the tag is one Baton can use
   */
  public static Optional<ReleaseVersion> version(JsonNode release) {
    return ReleaseVersion.tryParse(release.path("tag_name").asText(null));
  }

  /**
   * @param node a timestamp field
   * @return the instant; empty when null or unparsable
   */
  public static Optional<Instant> instant(JsonNode node) {
    if (!node.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(node.asText()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static CommitSha sha(String text, String what) {
    return CommitSha.tryParse(text)
        .orElseThrow(
            () ->
                ProviderException.permanent(
                    "GitHub gave \""
                        + text
                        + "\" as the SHA of "
                        + what
                        + ", not a 40-character commit id",
                    null));
  }

  /**
   * A merged pull request.
   *
   * @param number its number
   * @param title its title
   * @param author its author's login
   * @param labels its labels
   */
  public record MergedPull(long number, String title, String author, List<String> labels) {
    /**
     * Copies the labels.
     *
     * @param number its number
     * @param title its title
     * @param author its author's login
     * @param labels its labels
     */
    public MergedPull {
      labels = List.copyOf(labels);
    }
  }
}
