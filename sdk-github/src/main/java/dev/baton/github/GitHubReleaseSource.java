package dev.baton.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.CommitSha;
import dev.baton.ReleaseVersion;
import dev.baton.SemanticVersion;
import dev.baton.github.internal.ReleaseApi;
import dev.baton.github.internal.ReleaseApi.MergedPull;
import dev.baton.github.internal.VersionPolicy;
import dev.baton.spi.DraftResult;
import dev.baton.spi.Release;
import dev.baton.spi.ReleaseSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub Releases as the {@link ReleaseSource}: the draft release that collects what is merged
 * (what release-drafter maintains in the reference workflow), and the published releases whose tags
 * promote a commit.
 *
 * <pre>{@code
 * ReleaseSource releases = GitHubReleaseSource.builder(GitHubConnection.fromEnvironment())
 *     .nameTemplate("v$VERSION")     // the reference's name-template
 *     .tagTemplate("$VERSION")       // and tag-template: named v1.2.3, tagged 1.2.3
 *     .build();
 * DraftResult draft = releases.draftRelease(commit);
 * }</pre>
 *
 * <p>{@link #draftRelease} finds the existing draft and updates it, or creates one; never two. Its
 * version is the one after the highest published (non-pre-release) version, bumped by the labels of
 * the pull requests merged since that release was published ({@link VersionPolicy}). It reads the
 * newest page of 100 releases, where the draft and the last published versions are (GitHub's latest
 * release when that page holds none), and the closed pull requests back to the last release (before
 * the first one, the newest 100): three or four requests, whatever the repository's past. Drafts it
 * creates carry a marker comment in their body; if concurrent runs on different machines create
 * two, the next call keeps the oldest and deletes the other, so the repository converges on one
 * draft (drafts without the marker are adopted, never deleted). Calls from one process are
 * serialised.
 *
 * <p>A release's commit is the one its tag points at (git refs API, following annotated tags); a
 * draft has no tag yet, so its commit is its {@code target_commitish}, resolved when it is a branch
 * name. The token needs {@code contents: write} to see and write drafts.
 */
public final class GitHubReleaseSource implements ReleaseSource {
  private static final Logger LOG = LoggerFactory.getLogger(GitHubReleaseSource.class);

  /** Marks drafts this class created, so duplicates from concurrent runs can be removed. */
  static final String MARKER = "<!-- baton:draft-release -->";

  private final ReleaseApi api;
  private final String repository;
  private final String nameTemplate;
  private final String tagTemplate;
  private final VersionPolicy policy;

  private GitHubReleaseSource(Builder b) {
    this.api = new ReleaseApi(b.connection.client(), b.connection.repoPath());
    this.repository = b.connection.repository();
    this.nameTemplate = b.nameTemplate;
    this.tagTemplate = b.tagTemplate;
    this.policy =
        new VersionPolicy(
            Set.copyOf(b.major), Set.copyOf(b.minor), Set.copyOf(b.patch), b.defaultBump);
  }

  /**
   * @param connection the repository and token
   * @return a builder with the reference workflow's settings
   */
  public static Builder builder(GitHubConnection connection) {
    return new Builder(connection);
  }

  @Override
  public synchronized DraftResult draftRelease(CommitSha commit) {
    Objects.requireNonNull(commit, "commit");
    List<JsonNode> releases = api.recentReleases();
    Optional<JsonNode> last =
        releases.stream()
            .filter(r -> !r.path("draft").asBoolean() && !r.path("prerelease").asBoolean())
            .filter(r -> semantic(r).isPresent())
            .max(Comparator.comparing(r -> semantic(r).orElseThrow()));
    if (last.isEmpty() && releases.size() == ReleaseApi.RECENT) {
      // A full page without a published version: ask for the latest instead of reading on.
      last = api.latest().filter(r -> semantic(r).isPresent());
    }
    Instant since =
        last.flatMap(
                r ->
                    ReleaseApi.instant(r.path("published_at"))
                        .or(() -> ReleaseApi.instant(r.path("created_at"))))
            .orElse(Instant.EPOCH);
    List<MergedPull> merged = api.mergedSince(since);
    SemanticVersion next =
        policy.next(
            last.flatMap(GitHubReleaseSource::semantic).orElse(null),
            merged.stream().map(MergedPull::labels).toList());
    ReleaseVersion tag = ReleaseVersion.of(next, tagTemplate);
    String name =
        nameTemplate
            .replace("$RESOLVED_VERSION", next.toString())
            .replace("$VERSION", next.toString());
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("tag_name", tag.tag());
    fields.put("target_commitish", commit.value());
    fields.put("name", name);
    fields.put("body", notes(merged, last.map(r -> r.path("tag_name").asText()).orElse("")));

    List<JsonNode> drafts = releases.stream().filter(r -> r.path("draft").asBoolean()).toList();
    Optional<JsonNode> existing =
        drafts.stream()
            .filter(GitHubReleaseSource::ours)
            .findFirst()
            .or(() -> drafts.stream().findFirst());
    if (drafts.size() > 1) {
      LOG.warn(
          "{} has {} draft releases; updating {} only",
          repository,
          drafts.size(),
          existing.map(r -> r.path("id").asText()).orElse("?"));
    }
    if (existing.isEmpty()) {
      fields.put("draft", true);
      fields.put("prerelease", false);
      JsonNode created = api.create(fields);
      LOG.info("created draft release {} ({}) at {}", name, tag, commit.shortForm());
      return converge(created, fields, commit, tag, name);
    }
    JsonNode draft = existing.get();
    if (sameFields(draft, fields)) {
      return new DraftResult(release(draft, tag, name, commit), DraftResult.Outcome.UNCHANGED);
    }
    JsonNode updated = api.update(draft.path("id").asLong(), fields);
    LOG.info(
        "updated draft release {} to {} ({}) at {}",
        draft.path("id").asText(),
        name,
        tag,
        commit.shortForm());
    return new DraftResult(release(updated, tag, name, commit), DraftResult.Outcome.UPDATED);
  }

  @Override
  public Optional<Release> release(ReleaseVersion version) {
    Objects.requireNonNull(version, "version");
    Optional<JsonNode> published = api.publishedByTag(version.tag());
    if (published.isPresent()) {
      JsonNode r = published.get();
      CommitSha commit =
          api.commitOfTag(version.tag())
              .orElseGet(() -> api.commitOfRef(r.path("target_commitish").asText()));
      return Optional.of(toRelease(r, version, commit));
    }
    return api.recentReleases().stream()
        .filter(
            r -> r.path("draft").asBoolean() && version.tag().equals(r.path("tag_name").asText()))
        .findFirst()
        .map(r -> toRelease(r, version, api.commitOfRef(r.path("target_commitish").asText())));
  }

  @Override
  public Optional<CommitSha> commitOf(ReleaseVersion version) {
    return api.commitOfTag(Objects.requireNonNull(version, "version").tag());
  }

  /**
   * Who wrote a commit, as GitHub knows them: what a not-author approval policy needs for a
   * release, whose event names only its publisher. One call, {@code GET
   * /repos/{owner}/{repo}/commits/{sha}}.
   *
   * @param commit the commit
   * @return its author's login; empty when GitHub matched the commit's email to no account
   */
  public Optional<String> commitAuthor(CommitSha commit) {
    return api.authorLogin(Objects.requireNonNull(commit, "commit"));
  }

  @Override
  public String toString() {
    return "GitHubReleaseSource["
        + repository
        + ", name "
        + nameTemplate
        + ", tag "
        + tagTemplate
        + "]";
  }

  // After creating, look again: a concurrent run elsewhere may have created a draft too. Keep the
  // oldest of the drafts carrying the marker, delete the others, and bring the kept one to this
  // commit.
  private DraftResult converge(
      JsonNode created,
      Map<String, Object> fields,
      CommitSha commit,
      ReleaseVersion tag,
      String name) {
    List<JsonNode> ours =
        new ArrayList<>(
            api.recentReleases().stream()
                .filter(r -> r.path("draft").asBoolean() && ours(r))
                .toList());
    if (ours.size() <= 1) {
      return new DraftResult(release(created, tag, name, commit), DraftResult.Outcome.CREATED);
    }
    ours.sort(Comparator.comparingLong(r -> r.path("id").asLong()));
    JsonNode keep = ours.get(0);
    for (JsonNode extra : ours.subList(1, ours.size())) {
      LOG.warn(
          "removing duplicate draft release {} (a concurrent run created {})",
          extra.path("id").asText(),
          keep.path("id").asText());
      api.delete(extra.path("id").asLong());
    }
    if (keep.path("id").asLong() == created.path("id").asLong()) {
      return new DraftResult(release(created, tag, name, commit), DraftResult.Outcome.CREATED);
    }
    fields.remove("draft");
    fields.remove("prerelease");
    JsonNode updated =
        sameFields(keep, fields) ? keep : api.update(keep.path("id").asLong(), fields);
    return new DraftResult(release(updated, tag, name, commit), DraftResult.Outcome.UPDATED);
  }

  private static boolean sameFields(JsonNode release, Map<String, Object> fields) {
    return fields.entrySet().stream()
        .allMatch(e -> e.getValue().equals(release.path(e.getKey()).asText(null)));
  }

  private static boolean ours(JsonNode release) {
    return release.path("body").asText("").contains(MARKER);
  }

  private static Optional<SemanticVersion> semantic(JsonNode release) {
    return ReleaseApi.version(release).flatMap(ReleaseVersion::semantic);
  }

  private static Release release(JsonNode r, ReleaseVersion tag, String name, CommitSha commit) {
    return new Release(r.path("id").asText(), tag, name, commit, true, false);
  }

  private static Release toRelease(JsonNode r, ReleaseVersion version, CommitSha commit) {
    return new Release(
        r.path("id").asText(),
        version,
        r.path("name").asText(""),
        commit,
        r.path("draft").asBoolean(),
        r.path("prerelease").asBoolean());
  }

  private static String notes(List<MergedPull> merged, String previousTag) {
    StringBuilder b = new StringBuilder("## Changes");
    b.append(previousTag.isEmpty() ? "\n\n" : " since " + previousTag + "\n\n");
    if (merged.isEmpty()) {
      b.append("No pull requests merged.\n");
    }
    for (MergedPull pr : merged) {
      b.append("- ").append(pr.title()).append(" (#").append(pr.number()).append(')');
      if (!pr.author().isEmpty()) {
        b.append(" @").append(pr.author());
      }
      b.append('\n');
    }
    return b.append('\n').append(MARKER).toString();
  }

  /** Builds a {@link GitHubReleaseSource}; defaults are the reference workflow's. */
  public static final class Builder {
    private final GitHubConnection connection;
    private String nameTemplate = "v$VERSION";
    private String tagTemplate = "$VERSION";
    private List<String> major = List.of("major");
    private List<String> minor = List.of("minor", "enhancement", "hotfix");
    private List<String> patch = List.of();
    private SemanticVersion.Bump defaultBump = SemanticVersion.Bump.MINOR;

    private Builder(GitHubConnection connection) {
      this.connection = Objects.requireNonNull(connection, "connection");
    }

    /**
     * @param template the release title, with {@code $VERSION} (or {@code $RESOLVED_VERSION});
     *     default {@code v$VERSION}
     * @return this
     */
    public Builder nameTemplate(String template) {
      this.nameTemplate = checkTemplate(template, "name");
      return this;
    }

    /**
     * @param template the release tag, with {@code $VERSION}; default {@code $VERSION}
     * @return this
     */
    public Builder tagTemplate(String template) {
      checkTemplate(template, "tag");
      ReleaseVersion.of(new SemanticVersion(1, 2, 3), template);
      this.tagTemplate = template;
      return this;
    }

    /**
     * @param labels labels that ask for a major bump; default {@code major}
     * @return this builder
     */
    public Builder majorLabels(String... labels) {
      this.major = Arrays.asList(labels.clone());
      return this;
    }

    /**
     * @param labels labels that ask for a minor bump; default {@code minor}, {@code enhancement},
     *     {@code hotfix}
     * @return this
     */
    public Builder minorLabels(String... labels) {
      this.minor = Arrays.asList(labels.clone());
      return this;
    }

    /**
     * @param labels labels that ask for a patch bump; default none
     * @return this builder
     */
    public Builder patchLabels(String... labels) {
      this.patch = Arrays.asList(labels.clone());
      return this;
    }

    /**
     * @param bump the bump when no label asks for one; default minor
     * @return this builder
     */
    public Builder defaultBump(SemanticVersion.Bump bump) {
      this.defaultBump = Objects.requireNonNull(bump, "bump");
      return this;
    }

    /**
     * @return the release source
     */
    public GitHubReleaseSource build() {
      return new GitHubReleaseSource(this);
    }

    private static String checkTemplate(String template, String what) {
      Objects.requireNonNull(template, what + "Template");
      if (!template.contains("$VERSION") && !template.contains("$RESOLVED_VERSION")) {
        throw new IllegalArgumentException(
            "release "
                + what
                + " template \""
                + template
                + "\" contains neither $VERSION nor $RESOLVED_VERSION");
      }
      return template;
    }
  }
}
