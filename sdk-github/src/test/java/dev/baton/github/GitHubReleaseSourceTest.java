package dev.baton.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.CommitSha;
import dev.baton.ReleaseVersion;
import dev.baton.Secret;
import dev.baton.SemanticVersion;
import dev.baton.github.fake.FakeGitHub;
import dev.baton.github.fake.Fixtures;
import dev.baton.github.fake.ScriptedServer;
import dev.baton.spi.DraftResult;
import dev.baton.spi.Release;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link GitHubReleaseSource} does beyond the contract: versions, templates, adoption. */
class GitHubReleaseSourceTest {
  static final Secret TOKEN = Secret.of("ghs_releaseTOKEN0123456789");
  static final CommitSha A = CommitSha.parse("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  static final CommitSha B = CommitSha.parse("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
  static final CommitSha C = CommitSha.parse("cccccccccccccccccccccccccccccccccccccccc");

  final FakeGitHub github = FakeGitHub.start("acme/shop", TOKEN);
  final GitHubReleaseSource source =
      GitHubReleaseSource.builder(Connections.to(github, TOKEN)).build();

  @AfterEach
  void stop() {
    github.close();
  }

  @Test
  void commitAuthor_isTheLoginGitHubMatchedToTheCommit() {
    // get-commit.json, GitHub's documented example: "author": {"login": "octocat", ...}.
    assertThat(source.commitAuthor(A)).contains("octocat");
  }

  @Test
  void draftRelease_noReleaseYet_isMinorFromZeroNamedVTaggedBare() {
    Release draft = source.draftRelease(A).release();

    assertThat(draft.version()).isEqualTo(ReleaseVersion.parse("0.1.0"));
    assertThat(draft.name()).isEqualTo("v0.1.0");
    JsonNode stored = github.releases().get(0);
    assertThat(stored.get("tag_name").asText()).isEqualTo("0.1.0");
    assertThat(stored.get("name").asText()).isEqualTo("v0.1.0");
    assertThat(stored.get("target_commitish").asText()).isEqualTo(A.value());
    assertThat(stored.get("draft").asBoolean()).isTrue();
  }

  @Test
  void draftRelease_beforeTheFirstRelease_readsTheNewestPageOfPullRequestsOnly() {
    for (int i = 1; i <= 250; i++) {
      github.mergedPullRequest(i, "Change " + i, i == 1 ? "major" : "bug");
    }
    int mark = github.requests().size();

    DraftResult draft = source.draftRelease(A);

    // Pull request #1, the only major one, is older than the newest 100.
    assertThat(draft.release().version().tag()).isEqualTo("0.1.0");
    assertThat(github.requestCounts(mark))
        .containsEntry("GET pulls", 1)
        .containsEntry("GET releases", 2)
        .containsEntry("POST releases", 1);
    assertThat(github.releases().get(0).get("body").asText())
        .contains("(#250)")
        .contains("(#151)")
        .doesNotContain("(#150)");
  }

  @Test
  void draftRelease_withMoreThanAPageOfReleases_readsOnePage_andTheLatestWhenItHasNoVersion() {
    github.release("2.0.0", A.value(), false, false);
    for (int i = 0; i < 100; i++) {
      github.release("nightly-" + i, A.value(), false, true);
    }
    int mark = github.requests().size();

    assertThat(source.draftRelease(B).release().version().tag()).isEqualTo("2.1.0");

    assertThat(github.requestCounts(mark))
        .containsEntry("GET releases", 2)
        .containsEntry("GET latest release", 1);
  }

  @Test
  void draftRelease_noLabelsSinceLastRelease_bumpsMinor() {
    github.release("1.4.2", A.value(), false, false);
    github.mergedPullRequest(10, "Fix typo", "documentation");

    assertThat(source.draftRelease(B).release().version().tag()).isEqualTo("1.5.0");
  }

  @Test
  void draftRelease_majorLabelOnAPullRequestMergedSince_bumpsMajor() {
    github.release("1.4.2", A.value(), false, false);
    github.mergedPullRequest(10, "Drop the v1 API", "major");
    github.mergedPullRequest(11, "Add a feature", "enhancement");

    DraftResult r = source.draftRelease(B);

    assertThat(r.release().version().tag()).isEqualTo("2.0.0");
    JsonNode body = github.releases().get(0).get("body");
    assertThat(body.asText())
        .contains("- Drop the v1 API (#10) @octocat")
        .contains("- Add a feature (#11)")
        .contains("since 1.4.2");
  }

  @Test
  void draftRelease_labelsOfPullRequestsMergedBeforeTheRelease_doNotCount() {
    github.mergedPullRequest(9, "Old breaking change", "major");
    github.release("1.4.2", A.value(), false, false);
    github.closedPullRequest(12, "Abandoned breaking change", "major");

    assertThat(source.draftRelease(B).release().version().tag()).isEqualTo("1.5.0");
  }

  @Test
  void draftRelease_configuredPatchLabelAndDefault_areHonoured() {
    GitHubReleaseSource patchy =
        GitHubReleaseSource.builder(Connections.to(github, TOKEN))
            .patchLabels("fix")
            .defaultBump(SemanticVersion.Bump.PATCH)
            .nameTemplate("Release $VERSION")
            .tagTemplate("v$VERSION")
            .build();
    github.release("v1.4.2", A.value(), false, false);
    github.mergedPullRequest(10, "Fix it", "FIX");

    Release draft = patchy.draftRelease(B).release();

    assertThat(draft.version().tag()).isEqualTo("v1.4.3");
    assertThat(draft.name()).isEqualTo("Release 1.4.3");
  }

  @Test
  void draftRelease_lastVersionIsHighestPublishedIgnoringPrereleasesAndDrafts() {
    github.release("2.0.0", A.value(), false, false);
    github.release("1.9.9", A.value(), false, false); // a later hotfix of an older line
    github.release("3.0.0", A.value(), false, true); // pre-release
    github.release("release-2024", A.value(), false, false); // not semantic

    assertThat(source.draftRelease(B).release().version().tag()).isEqualTo("2.1.0");
  }

  @Test
  void draftRelease_existingHumanDraft_isAdoptedNotDuplicated() {
    long human = github.release("9.9.9", "main", true, false);

    DraftResult r = source.draftRelease(B);

    assertThat(r.outcome()).isEqualTo(DraftResult.Outcome.UPDATED);
    assertThat(r.release().id()).isEqualTo(Long.toString(human));
    assertThat(github.releases()).hasSize(1);
    assertThat(github.releases().get(0).get("tag_name").asText()).isEqualTo("0.1.0");
  }

  @Test
  void draftRelease_twoMarkedDraftsFromConcurrentMachines_convergeOnTheOldest() {
    Release first = source.draftRelease(A).release();
    // A second machine that had listed releases before the first draft existed creates another.
    GitHubReleaseSource other = GitHubReleaseSource.builder(Connections.to(github, TOKEN)).build();
    github.failNext(ScriptedServer.json(200, "[]")); // its listing saw no draft

    DraftResult second = other.draftRelease(B);

    assertThat(github.releases()).hasSize(1);
    assertThat(second.release().id()).isEqualTo(first.id());
    assertThat(second.outcome()).isEqualTo(DraftResult.Outcome.UPDATED);
    assertThat(github.releases().get(0).get("target_commitish").asText()).isEqualTo(B.value());
  }

  @Test
  void release_draftWithBranchCommitish_resolvesTheBranch() {
    github.branch("main", C.value());
    github.release("5.0.0", "main", true, false);

    assertThat(source.release(ReleaseVersion.parse("5.0.0")))
        .hasValueSatisfying(
            r -> {
              assertThat(r.commit()).isEqualTo(C);
              assertThat(r.draft()).isTrue();
            });
  }

  @Test
  void commitOf_annotatedTag_followsTheTagObjectToTheCommit() {
    github.annotatedTag("v1.0.0", "940bd336248efae0f9ee5bc7b2d5c985887b16ac", C.value());

    assertThat(source.commitOf(ReleaseVersion.parse("v1.0.0"))).contains(C);
  }

  @Test
  void release_published_commitComesFromTagNotTargetCommitish() {
    // The release says target_commitish "main", which has moved on since; the tag has not.
    github.branch("main", B.value());
    github.tag("1.0.0", A.value());
    github.release("1.0.0", "main", false, false);

    assertThat(source.release(ReleaseVersion.parse("1.0.0")))
        .hasValueSatisfying(r -> assertThat(r.commit()).isEqualTo(A));
  }

  @Test
  void draftRelease_tokenRefused_throwsAccessDeniedWithoutToken() {
    GitHubReleaseSource wrong =
        GitHubReleaseSource.builder(Connections.to(github, Secret.of("ghs_wrong"))).build();

    assertThatThrownBy(() -> wrong.draftRelease(A))
        .isInstanceOf(dev.baton.AccessDeniedException.class)
        .hasMessageContaining("Bad credentials")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ghs_wrong"));
  }

  @Test
  void draftRelease_createRejected_surfaces422() {
    github.failNext(ScriptedServer.json(200, "[]")); // releases
    github.failNext(ScriptedServer.json(200, "[]")); // pulls
    github.failNext(ScriptedServer.json(422, Fixtures.api("error-validation-failed.json")));

    assertThatThrownBy(() -> source.draftRelease(A))
        .isInstanceOf(dev.baton.ProviderException.class)
        .hasMessageContaining("Release tag_name already_exists");
  }

  @Test
  void builder_templateWithoutVersion_isRejected() {
    GitHubReleaseSource.Builder b = GitHubReleaseSource.builder(Connections.to(github, TOKEN));

    assertThatThrownBy(() -> b.tagTemplate("latest")).hasMessageContaining("\"latest\"");
    assertThatThrownBy(() -> b.nameTemplate("Release")).hasMessageContaining("\"Release\"");
  }

  @Test
  void draftRelease_sendsOnlyReleaseAndPullRequestCalls() {
    source.draftRelease(A);

    List<String> calls = github.requests().stream().map(r -> r.method() + " " + r.path()).toList();
    assertThat(calls)
        .containsExactly(
            "GET /repos/acme/shop/releases?per_page=100",
            "GET /repos/acme/shop/pulls?state=closed&sort=updated&direction=desc&per_page=100",
            "POST /repos/acme/shop/releases",
            "GET /repos/acme/shop/releases?per_page=100");
  }
}
