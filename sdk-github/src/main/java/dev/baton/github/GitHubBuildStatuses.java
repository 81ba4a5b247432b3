package dev.baton.github;

import static dev.baton.github.GitHubDeployments.instant;
import static dev.baton.github.GitHubDeployments.stream;

import dev.baton.CommitSha;
import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.ProviderException;
import dev.baton.github.internal.GitHubRestClient;
import dev.baton.github.internal.LedgerCodec;
import dev.baton.spi.BuildRecord;
import dev.baton.spi.DeploymentLedger;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The builds {@link GitHubDeploymentLedger} records, as commit statuses with context {@link
 * LedgerCodec#BUILD_CONTEXT}: statuses are append-only, so the oldest one is the first writer, on
 * every machine. A commit's build, once found, is kept (the first writer's status never changes);
 * that a commit has none is kept for the next look only.
 */
final class GitHubBuildStatuses {
  private final GitHubRestClient client;
  private final String repo;

  /** Builds found: the first writer's status never changes, so they are kept. */
  private final Map<CommitSha, BuildRecord> builds = new ConcurrentHashMap<>();

  /** Commits just found to have no build, kept for the next look only. */
  private final Set<CommitSha> noBuildYet = ConcurrentHashMap.newKeySet();

  /** Commits that had no build when this ledger last looked, so a write need not look again. */
  private final Set<CommitSha> seenWithoutBuild = ConcurrentHashMap.newKeySet();

  GitHubBuildStatuses(GitHubRestClient client, String repo) {
    this.client = client;
    this.repo = repo;
  }

  /**
   * Writes the build's status unless the commit has one, then reads back the one that stands.
   *
   * @param commit the commit built
   * @param image its pinned build
   * @return the first writer's build
   */
  synchronized BuildRecord record(CommitSha commit, ImageReference image) {
    Digest digest = DeploymentLedger.checkBuild(commit, image);
    BuildRecord known = builds.get(commit);
    if (known != null) {
      return known;
    }
    // A commit this ledger just saw without a build is written at once: the read-back below
    // settles a race with another writer either way.
    if (!seenWithoutBuild.contains(commit)) {
      Optional<BuildRecord> existing = find(commit);
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    noBuildYet.remove(commit);
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("state", "success");
    status.put("target_url", LedgerCodec.buildUrl(image));
    status.put("description", digest.toString());
    status.put("context", LedgerCodec.BUILD_CONTEXT);
    client.post(repo + "/statuses/" + commit.value(), status);
    // Read back: if another machine wrote first, its (older) status stands.
    noBuildYet.remove(commit);
    return find(commit)
        .orElseThrow(
            () ->
                ProviderException.retryable(
                    "the build status of "
                        + commit.shortForm()
                        + " was written but cannot be read back",
                    null));
  }

  /**
   * @param commit a commit
   * @return its first writer's build, if it has one
   */
  Optional<BuildRecord> find(CommitSha commit) {
    Objects.requireNonNull(commit, "commit");
    BuildRecord known = builds.get(commit);
    if (known != null) {
      return Optional.of(known);
    }
    if (noBuildYet.remove(commit)) {
      return Optional.empty();
    }
    Optional<BuildRecord> found = readBuild(commit);
    found.ifPresentOrElse(
        b -> {
          builds.put(commit, b);
          seenWithoutBuild.remove(commit);
        },
        () -> {
          noBuildYet.add(commit);
          seenWithoutBuild.add(commit);
        });
    return found;
  }

  private Optional<BuildRecord> readBuild(CommitSha commit) {
    return stream(client.list(repo + "/commits/" + commit.value() + "/statuses?per_page=100"))
        .filter(s -> LedgerCodec.BUILD_CONTEXT.equals(s.path("context").asText()))
        .min(Comparator.comparingLong(s -> s.path("id").asLong()))
        .flatMap(
            s ->
                LedgerCodec.readBuild(
                        s.path("target_url").asText(""), s.path("description").asText(""))
                    .map(image -> new BuildRecord(commit, image, instant(s.path("created_at")))));
  }

  /**
   * @param digest a digest
   * @return the commits found to have built it
   */
  List<CommitSha> commitsKnownToBuild(Digest digest) {
    return builds.values().stream()
        .filter(b -> b.digest().equals(digest))
        .map(BuildRecord::commit)
        .toList();
  }
}
