package dev.baton.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.baton.Authors;
import dev.baton.CommitSha;
import dev.baton.EnvironmentTrigger;
import dev.baton.Environments;
import dev.baton.PullRequestTrigger;
import dev.baton.PushTrigger;
import dev.baton.ReleaseTrigger;
import dev.baton.ReleaseVersion;
import dev.baton.spi.Resolution;
import dev.baton.spi.Selection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resolver over every {@code pull_request}, {@code push} and {@code release} example of
 * {@code @octokit/webhooks-examples} 7.6.1, with the seed's environment table. The variants at the
 * end change one thing in a vendored payload each, named in the test.
 */
class GitHubEventResolverTest {
  /**
   * What GITHUB_SHA would be in the workflow run: the merge commit, or the release tag's commit.
   */
  static final CommitSha WORKFLOW_SHA = CommitSha.parse("1111111111111111111111111111111111111111");

  /** What the release tag 0.0.1 points at in the repository. */
  static final CommitSha TAGGED = CommitSha.parse("2222222222222222222222222222222222222222");

  /** head.sha of pull request #2 in every vendored pull_request example. */
  static final CommitSha PR_HEAD = CommitSha.parse("ec26c3e57ca3a959ca5aad62de7213c562f8c821");

  /** merge_commit_sha of the vendored pull_request/labeled.0.json. */
  static final CommitSha PR_MERGE_COMMIT =
      CommitSha.parse("c4295bd74fb0f4fda03689c3df3f2803b658fd85");

  /** after of the vendored pushes that create refs/heads/master. */
  static final CommitSha PUSH_AFTER = CommitSha.parse("6113728f27ae82c7b1a177c8d03f9e96e0adf246");

  final TagTable tags = new TagTable().tag("0.0.1", TAGGED);
  final GitHubEventResolver resolver =
      GitHubEventResolver.builder(Environments.standard()).releaseSource(tags).build();

  /** One vendored file and what the seed table makes of it. */
  record Expect(String file, List<String> targets, String kind, String reason) {
    @Override
    public String toString() {
      return file + " -> " + (targets.isEmpty() ? "nothing" : kind + " " + targets);
    }
  }

  static Expect nothing(String file, String reason) {
    return new Expect(file, List.of(), "", reason);
  }

  static Expect act(String file, String kind, String reason, String... targets) {
    return new Expect(file, List.of(targets), kind, reason);
  }

  static Stream<Expect> vendored() {
    String noLabel = "has no \"deploy\" label";
    return Stream.of(
        nothing("pull_request/opened.0.json", noLabel),
        nothing("pull_request/assigned.0.json", "action \"assigned\" does not deploy"),
        nothing("pull_request/assigned.1.json", "action \"assigned\" does not deploy"),
        act("pull_request/closed.0.json", "destroy", "closed without merging", "preview#2"),
        act("pull_request/closed.1.json", "destroy", "closed without merging", "preview#2"),
        nothing("pull_request/converted_to_draft.0.json", "\"converted_to_draft\" does not deploy"),
        nothing("pull_request/converted_to_draft.1.json", "\"converted_to_draft\" does not deploy"),
        nothing("pull_request/converted_to_draft.2.json", "\"converted_to_draft\" does not deploy"),
        nothing("pull_request/labeled.0.json", "label \"bug\" added, not \"deploy\""),
        nothing("pull_request/labeled.1.json", "label \"bug\" added, not \"deploy\""),
        nothing("pull_request/locked.0.json", "\"locked\" does not deploy"),
        nothing("pull_request/locked.1.json", "\"locked\" does not deploy"),
        nothing("pull_request/opened.1.json", noLabel),
        nothing("pull_request/opened.2.json", noLabel),
        nothing("pull_request/opened.3.json", noLabel),
        nothing("pull_request/ready_for_review.0.json", "\"ready_for_review\" does not deploy"),
        nothing("pull_request/ready_for_review.1.json", "\"ready_for_review\" does not deploy"),
        nothing("pull_request/ready_for_review.2.json", "\"ready_for_review\" does not deploy"),
        nothing("pull_request/reopened.0.json", noLabel),
        nothing("pull_request/reopened.1.json", noLabel),
        nothing("pull_request/review_request_removed.0.json", "does not deploy"),
        nothing("pull_request/review_requested.0.json", "does not deploy"),
        nothing("pull_request/synchronize.0.json", noLabel),
        nothing("pull_request/unassigned.0.json", "\"unassigned\" does not deploy"),
        nothing("pull_request/unassigned.1.json", "\"unassigned\" does not deploy"),
        nothing("pull_request/unlabeled.0.json", "label \"bug\" removed, not \"deploy\""),
        nothing("pull_request/unlabeled.1.json", "label \"bug\" removed, not \"deploy\""),
        nothing("pull_request/unlocked.0.json", "\"unlocked\" does not deploy"),
        nothing("pull_request/unlocked.1.json", "\"unlocked\" does not deploy"),
        nothing("push/tag-created.0.json", "refs/tags/simple-tag is not a branch"),
        nothing("push/tag-deleted.0.json", "refs/tags/simple-tag was deleted"),
        nothing("push/tag-deleted.1.json", "refs/tags/simple-tag was deleted"),
        nothing("push/tag-deleted.2.json", "refs/tags/simple-tag was deleted"),
        nothing("push/tag-deleted.3.json", "refs/tags/simple-tag was deleted"),
        act("push/branch-created.0.json", "deploy", "push to master", "dev"),
        act("push/branch-created.1.json", "deploy", "push to master", "dev"),
        act("release/published.0.json", "release", "release 0.0.1 published", "staging", "prod"),
        act("release/published.1.json", "release", "release 0.0.1 published", "staging", "prod"),
        act("release/published.2.json", "release", "release 0.0.1 published", "staging", "prod"),
        nothing("release/created.0.json", "\"created\" does not deploy"),
        nothing("release/created.1.json", "\"created\" does not deploy"),
        nothing("release/created.2.json", "\"created\" does not deploy"),
        nothing("release/deleted.0.json", "\"deleted\" does not deploy"),
        nothing("release/deleted.1.json", "\"deleted\" does not deploy"),
        nothing("release/edited.0.json", "\"edited\" does not deploy"),
        nothing("release/edited.1.json", "\"edited\" does not deploy"),
        nothing("release/prereleased.0.json", "\"prereleased\" does not deploy"),
        nothing("release/prereleased.1.json", "\"prereleased\" does not deploy"),
        nothing("release/released.0.json", "\"released\" does not deploy"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendored")
  void resolve_vendoredExample_givesExpectedOutcome(Expect expect) {
    GitHubEvent event =
        resolver.event(Webhooks.event(expect.file()), Webhooks.bytes(expect.file()), WORKFLOW_SHA);

    Resolution r = resolver.resolve(event).orElseThrow();

    assertThat(targets(r)).containsExactlyElementsOf(expect.targets());
    assertThat(r.reason()).contains(expect.reason());
    for (Selection s : r.selections()) {
      switch (expect.kind()) {
        case "destroy" -> assertThat(s).isInstanceOf(Selection.Destroy.class);
        case "deploy" -> assertThat(((Selection.Deploy) s).commit()).isEqualTo(PUSH_AFTER);
        case "release" -> {
          Selection.DeployRelease d = (Selection.DeployRelease) s;
          // The tag's commit, not GITHUB_SHA's stand-in and not target_commitish ("master").
          assertThat(d.commit()).isEqualTo(TAGGED);
          assertThat(d.version()).isEqualTo(ReleaseVersion.parse("0.0.1"));
        }
        default -> throw new AssertionError("unexpected selection " + s);
      }
    }
  }

  @Test
  void vendored_everyFileHasAnExpectation() {
    Set<String> expected = new HashSet<>();
    vendored().forEach(e -> expected.add(e.file()));
    assertThat(expected).containsExactlyInAnyOrderElementsOf(Webhooks.all());
    assertThat(Webhooks.all()).hasSize(49);
  }

  @Test
  void pullRequest_vendoredLabeled_readsEveryField() {
    PullRequestTrigger t =
        trigger(resolver, "pull_request/labeled.0.json", null, PullRequestTrigger.class);

    assertThat(t.number()).isEqualTo(2);
    assertThat(t.action()).isEqualTo("labeled");
    assertThat(t.labels()).containsExactly("bug");
    assertThat(t.changedLabel()).isEqualTo("bug");
    assertThat(t.headSha()).isEqualTo(PR_HEAD);
    // No GITHUB_SHA given: the payload's merge_commit_sha.
    assertThat(t.commit()).isEqualTo(PR_MERGE_COMMIT);
    assertThat(t.merged()).isFalse();
  }

  @Test
  void push_vendoredBranch_readsDefaultBranchFromRepository() {
    PushTrigger t = trigger(resolver, "push/branch-created.0.json", null, PushTrigger.class);

    assertThat(t.ref()).isEqualTo("refs/heads/master");
    assertThat(t.defaultBranch()).isEqualTo("master");
    assertThat(t.commit()).isEqualTo(PUSH_AFTER);
    assertThat(t.deleted()).isFalse();
  }

  @Test
  void push_vendoredTagDeleted_isDeletedAtZeroSha() {
    PushTrigger t = trigger(resolver, "push/tag-deleted.0.json", null, PushTrigger.class);

    assertThat(t.deleted()).isTrue();
    assertThat(t.commit().value()).isEqualTo("0".repeat(40));
  }

  @Test
  void authors_comeFromThePayload_commitAuthorOfAPushOrPullRequest_publisherOfARelease() {
    GitHubEventResolver plain = GitHubEventResolver.builder(Environments.standard()).build();
    String push = "push/branch-created.0.json";
    String pull = "pull_request/labeled.0.json";
    String release = "release/published.0.json";

    assertThat(plain.event(Webhooks.event(push), Webhooks.bytes(push), WORKFLOW_SHA).authors())
        .isEqualTo(new Authors("Codertocat", ""));
    assertThat(plain.event(Webhooks.event(pull), Webhooks.bytes(pull), WORKFLOW_SHA).authors())
        .isEqualTo(new Authors("Codertocat", ""));
    assertThat(
            plain.event(Webhooks.event(release), Webhooks.bytes(release), WORKFLOW_SHA).authors())
        .isEqualTo(new Authors("", "Codertocat"));
  }

  // ---- Variants derived from the vendored payloads --------------------------------------------

  /** A change to a vendored payload, named for the test's display name. */
  record Change(String name, Consumer<ObjectNode> apply) {}

  static final Change DEPLOY_LABEL =
      new Change("with the deploy label", root -> Webhooks.addLabel(root, "deploy"));

  static final Change DEPLOY_LABEL_ADDED =
      new Change(
          "with the deploy label just added",
          root -> {
            Webhooks.addLabel(root, "deploy");
            Webhooks.changedLabel(root, "deploy");
          });

  static final Change DEPLOY_LABEL_REMOVED =
      new Change(
          "with the deploy label just removed", root -> Webhooks.changedLabel(root, "deploy"));

  static final Change MERGED =
      new Change("merged", root -> Webhooks.set(root, "pull_request.merged", BooleanNode.TRUE));

  static final Change DEFAULT_BRANCH_MAIN =
      new Change(
          "with default branch main",
          root -> Webhooks.set(root, "repository.default_branch", TextNode.valueOf("main")));

  static final Change PUSH_TO_MAIN =
      new Change(
          "to main, the default branch",
          root -> {
            Webhooks.set(root, "repository.default_branch", TextNode.valueOf("main"));
            Webhooks.set(root, "ref", TextNode.valueOf("refs/heads/main"));
          });

  /**
   * A changed vendored payload and what the seed table makes of it: the targets (none: an empty
   * resolution), and where given, the first selection's kind and commit and a part of the reason.
   */
  record Variant(
      String file,
      Change change,
      CommitSha githubSha,
      List<String> targets,
      Class<? extends Selection> kind,
      CommitSha commit,
      String reason) {
    static Variant on(String file, Change change, CommitSha githubSha) {
      return new Variant(file, change, githubSha, List.of(), null, null, null);
    }

    Variant deploys(String target, CommitSha commit) {
      return new Variant(
          file, change, githubSha, List.of(target), Selection.Deploy.class, commit, reason);
    }

    Variant destroys(String target) {
      return new Variant(
          file, change, githubSha, List.of(target), Selection.Destroy.class, commit, reason);
    }

    Variant selects(String target) {
      return new Variant(file, change, githubSha, List.of(target), kind, commit, reason);
    }

    Variant because(String part) {
      return new Variant(file, change, githubSha, targets, kind, commit, part);
    }

    @Override
    public String toString() {
      return file
          + " "
          + change.name()
          + (githubSha == null ? ", no GITHUB_SHA" : "")
          + " -> "
          + (targets.isEmpty() ? "nothing" : targets);
    }
  }

  static Stream<String> deployingActions() {
    return Stream.of(
        "pull_request/opened.1.json",
        "pull_request/reopened.0.json",
        "pull_request/synchronize.0.json");
  }

  static Stream<Variant> variants() {
    String preview = "preview#2";
    Stream<Variant> deployAtMergeCommit =
        deployingActions()
            .map(
                file ->
                    Variant.on(file, DEPLOY_LABEL, WORKFLOW_SHA)
                        .deploys(preview, WORKFLOW_SHA)
                        .because("with label \"deploy\""));
    return Stream.concat(
        deployAtMergeCommit,
        Stream.of(
            Variant.on("pull_request/labeled.0.json", DEPLOY_LABEL_ADDED, WORKFLOW_SHA)
                .deploys(preview, null)
                .because("label \"deploy\" added to pull request #2"),
            // The reference workflow rebuilds and redeploys on any label; only "deploy" being
            // added counts.
            Variant.on("pull_request/labeled.0.json", DEPLOY_LABEL, WORKFLOW_SHA)
                .because("label \"bug\" added, not \"deploy\""),
            Variant.on("pull_request/unlabeled.0.json", DEPLOY_LABEL_REMOVED, null)
                .destroys(preview)
                .because("label \"deploy\" removed from pull request #2"),
            Variant.on("pull_request/closed.0.json", MERGED, null)
                .selects(preview)
                .because("pull request #2 was merged"),
            // Without GITHUB_SHA: the payload's merge_commit_sha.
            Variant.on("pull_request/labeled.0.json", DEPLOY_LABEL_ADDED, null)
                .deploys(preview, PR_MERGE_COMMIT),
            Variant.on("push/branch-created.0.json", DEFAULT_BRANCH_MAIN, null)
                .because("push to master, and dev deploys from main"),
            Variant.on("push/branch-created.0.json", PUSH_TO_MAIN, null)
                .deploys("dev", PUSH_AFTER)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void variant_resolvesAsTheTableSays(Variant v) {
    byte[] payload = Webhooks.derive(v.file(), v.change().apply());

    Resolution r = resolve(Webhooks.event(v.file()), payload, v.githubSha());

    if (v.targets().isEmpty()) {
      assertThat(r.isEmpty()).isTrue();
    } else {
      assertThat(targets(r)).containsExactlyElementsOf(v.targets());
    }
    if (v.kind() != null) {
      assertThat(r.selections().get(0)).isInstanceOf(v.kind());
    }
    if (v.commit() != null) {
      assertThat(((Selection.Deploy) r.selections().get(0)).commit()).isEqualTo(v.commit());
    }
    if (v.reason() != null) {
      assertThat(r.reason()).contains(v.reason());
    }
  }

  @Test
  void pullRequest_headShaConfigured_deploysHeadCommit() {
    GitHubEventResolver head =
        GitHubEventResolver.builder(Environments.standard())
            .pullRequestCommit(GitHubEventResolver.PullRequestCommit.HEAD)
            .build();
    byte[] payload =
        Webhooks.derive("pull_request/opened.1.json", root -> Webhooks.addLabel(root, "deploy"));

    Resolution r = head.resolve(head.event("pull_request", payload, WORKFLOW_SHA)).orElseThrow();

    assertThat(((Selection.Deploy) r.selections().get(0)).commit()).isEqualTo(PR_HEAD);
  }

  @Test
  void pullRequest_mergeCommitNullAndNoGithubSha_throwsNamingTheField() {
    // opened.1 comes with merge_commit_sha: null, as GitHub sends it before computing the merge.
    byte[] payload =
        Webhooks.derive("pull_request/opened.1.json", root -> Webhooks.addLabel(root, "deploy"));

    assertThatThrownBy(() -> resolver.event("pull_request", payload))
        .isInstanceOfSatisfying(
            MalformedPayloadException.class,
            e -> assertThat(e.field()).isEqualTo("pull_request.merge_commit_sha"))
        .hasMessageContaining("pull_request.merge_commit_sha")
        .hasMessageContaining("GITHUB_SHA");
  }

  @Test
  void pullRequestTarget_ignoresGithubShaWhichIsTheBaseBranch() {
    byte[] payload = Webhooks.derive("pull_request/labeled.0.json", DEPLOY_LABEL_ADDED.apply());

    PullRequestTrigger t =
        (PullRequestTrigger)
            resolver.event("pull_request_target", payload, WORKFLOW_SHA).trigger().orElseThrow();

    assertThat(t.commit()).isEqualTo(PR_MERGE_COMMIT);
  }

  @Test
  void pullRequest_customLabelInTable_deploysOnThatLabelOnly() {
    Environments table =
        SeedTables.with("preview", e -> e.trigger(EnvironmentTrigger.pullRequestLabel("bug")));
    GitHubEventResolver custom = GitHubEventResolver.builder(table).build();

    Resolution r =
        custom
            .resolve(custom.event("pull_request", Webhooks.bytes("pull_request/labeled.0.json")))
            .orElseThrow();

    assertThat(targets(r)).containsExactly("preview#2");
  }

  @Test
  void push_namedBranchInTable_deploysFromThatBranchNotTheDefault() {
    Environments table =
        SeedTables.with("dev", e -> e.trigger(EnvironmentTrigger.pushTo("release")));
    GitHubEventResolver custom = GitHubEventResolver.builder(table).build();
    byte[] toRelease =
        Webhooks.derive(
            "push/branch-created.0.json",
            root -> Webhooks.set(root, "ref", TextNode.valueOf("refs/heads/release")));

    assertThat(
            custom
                .resolve(custom.event("push", Webhooks.bytes("push/branch-created.0.json")))
                .orElseThrow()
                .isEmpty())
        .isTrue();
    assertThat(targets(custom.resolve(custom.event("push", toRelease)).orElseThrow()))
        .containsExactly("dev");
  }

  @Test
  void release_publishedPrerelease_doesNothingUnlessTableTakesPrereleases() {
    byte[] payload =
        Webhooks.derive(
            "release/published.0.json",
            root -> Webhooks.set(root, "release.prerelease", BooleanNode.TRUE));
    Environments takesPre =
        SeedTables.with("staging", e -> e.trigger(new EnvironmentTrigger.ReleasePublished(true)));
    GitHubEventResolver pre = GitHubEventResolver.builder(takesPre).releaseSource(tags).build();

    Resolution seed = resolve("release", payload, null);
    Resolution configured = pre.resolve(pre.event("release", payload)).orElseThrow();

    assertThat(seed.isEmpty()).isTrue();
    assertThat(seed.reason()).contains("pre-release");
    assertThat(targets(configured)).containsExactly("staging", "prod");
  }

  @Test
  void release_withoutReleaseSource_usesGithubShaNotTargetCommitish() {
    GitHubEventResolver plain = GitHubEventResolver.builder(Environments.standard()).build();

    ReleaseTrigger t =
        trigger(plain, "release/published.0.json", WORKFLOW_SHA, ReleaseTrigger.class);

    assertThat(t.commit()).isEqualTo(WORKFLOW_SHA);
    assertThat(t.version().tag()).isEqualTo("0.0.1");
  }

  @Test
  void release_publishedWithUnresolvableTag_throwsNotFound() {
    GitHubEventResolver plain = GitHubEventResolver.builder(Environments.standard()).build();

    assertThatThrownBy(() -> plain.event("release", Webhooks.bytes("release/published.0.json")))
        .isInstanceOf(dev.baton.NotFoundException.class)
        .hasMessageContaining("published release 0.0.1");
  }

  @Test
  void release_createdDraftWithoutTag_isIgnoredWithReason() {
    byte[] payload =
        Webhooks.derive(
            "release/created.0.json",
            root -> {
              Webhooks.set(root, "release.tag_name", TextNode.valueOf("0.0.2"));
              Webhooks.set(root, "release.draft", BooleanNode.TRUE);
            });

    GitHubEvent event = resolver.event("release", payload);

    assertThat(event.trigger()).isEmpty();
    assertThat(event.reason()).contains("release 0.0.2 created").contains("tag does not exist");
    assertThat(resolver.resolve(event)).isEmpty();
  }

  @Test
  void release_tagThatIsNoImageTag_throwsConfiguration() {
    byte[] payload =
        Webhooks.derive(
            "release/published.0.json",
            root -> Webhooks.set(root, "release.tag_name", TextNode.valueOf("release/1.0")));

    assertThatThrownBy(() -> resolver.event("release", payload))
        .isInstanceOf(dev.baton.ConfigurationException.class)
        .hasMessageContaining("release.tag_name \"release/1.0\"");
  }

  @Test
  void otherEvent_isIgnoredWithReason() {
    GitHubEvent event = resolver.event("issues", "{\"action\":\"opened\"}".getBytes());

    assertThat(event.trigger()).isEmpty();
    assertThat(event.reason()).contains("\"issues\" starts no deployment");
  }

  private Resolution resolve(String event, byte[] payload, CommitSha githubSha) {
    return resolver.resolve(resolver.event(event, payload, githubSha)).orElseThrow();
  }

  /** The trigger of a vendored file's event, with GITHUB_SHA {@code githubSha} (may be null). */
  private static <T> T trigger(
      GitHubEventResolver resolver, String file, CommitSha githubSha, Class<T> type) {
    return type.cast(
        resolver
            .event(Webhooks.event(file), Webhooks.bytes(file), githubSha)
            .trigger()
            .orElseThrow());
  }

  private static List<String> targets(Resolution r) {
    return r.selections().stream().map(s -> s.target().toString()).toList();
  }
}
