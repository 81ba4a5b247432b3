package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.spi.Resolution;
import dev.baton.spi.Selection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The seed's environment table applied to each kind of trigger. */
class TableEnvironmentResolverTest {
  private static final CommitSha HEAD = CommitSha.parse("1111111111111111111111111111111111111111");
  private static final CommitSha MERGE =
      CommitSha.parse("2222222222222222222222222222222222222222");
  private final TableEnvironmentResolver resolver =
      new TableEnvironmentResolver(Environments.standard());

  private static PullRequestTrigger pr(
      String action, String changed, boolean merged, String... labels) {
    return new PullRequestTrigger(
        7, action, Set.of(labels), changed, HEAD, MERGE, merged, !action.equals("closed"));
  }

  /** Each case: trigger, expected "kind:target" list. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(pr("opened", "", false, "deploy"), List.of("deploy:preview#7")),
        Arguments.of(pr("synchronize", "", false, "deploy", "bug"), List.of("deploy:preview#7")),
        Arguments.of(pr("reopened", "", false, "deploy"), List.of("deploy:preview#7")),
        Arguments.of(pr("opened", "", false, "bug"), List.of()),
        Arguments.of(pr("labeled", "deploy", false, "deploy"), List.of("deploy:preview#7")),
        Arguments.of(pr("labeled", "bug", false, "deploy", "bug"), List.of()),
        Arguments.of(pr("unlabeled", "deploy", false), List.of("destroy:preview#7")),
        Arguments.of(pr("unlabeled", "bug", false, "deploy"), List.of()),
        Arguments.of(pr("closed", "", true, "deploy"), List.of("destroy:preview#7")),
        Arguments.of(pr("closed", "", false), List.of("destroy:preview#7")),
        Arguments.of(pr("edited", "", false, "deploy"), List.of()),
        Arguments.of(
            new PushTrigger("refs/heads/main", HEAD, "main", false), List.of("deploy:dev")),
        Arguments.of(new PushTrigger("refs/heads/feature", HEAD, "main", false), List.of()),
        Arguments.of(new PushTrigger("refs/tags/v1", HEAD, "main", false), List.of()),
        Arguments.of(new PushTrigger("refs/heads/main", HEAD, "main", true), List.of()),
        Arguments.of(
            new PushTrigger("refs/heads/trunk", HEAD, "trunk", false), List.of("deploy:dev")),
        Arguments.of(
            release("published", false, false), List.of("release:staging", "release:prod")),
        Arguments.of(release("published", false, true), List.of()),
        Arguments.of(release("published", true, false), List.of()),
        Arguments.of(release("created", false, false), List.of()),
        Arguments.of(release("edited", false, false), List.of()),
        Arguments.of(release("deleted", false, false), List.of()),
        Arguments.of(release("prereleased", false, true), List.of()));
  }

  private static ReleaseTrigger release(String action, boolean draft, boolean prerelease) {
    return new ReleaseTrigger(action, ReleaseVersion.parse("1.2.3"), HEAD, draft, prerelease);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resolve_followsTheSeedTable(Trigger trigger, List<String> expected) {
    Resolution r = resolver.resolve(trigger);
    assertThat(r.selections())
        .map(TableEnvironmentResolverTest::describe)
        .containsExactlyElementsOf(expected);
    assertThat(r.reason()).isNotBlank();
  }

  private static String describe(Selection s) {
    String kind =
        s instanceof Selection.Deploy
            ? "deploy"
            : s instanceof Selection.DeployRelease ? "release" : "destroy";
    return kind + ":" + s.target();
  }

  @Test
  void labelAddedToAClosedPullRequest_deploysNothing() {
    PullRequestTrigger closed =
        new PullRequestTrigger(7, "labeled", Set.of("deploy"), "deploy", HEAD, MERGE, false, false);
    Resolution r = resolver.resolve(closed);
    assertThat(r.selections()).isEmpty();
    assertThat(r.reason()).contains("is closed");
  }

  @Test
  void labelRemovedFromAClosedPullRequest_stillDestroys() {
    PullRequestTrigger closed =
        new PullRequestTrigger(7, "unlabeled", Set.of(), "deploy", HEAD, MERGE, false, false);
    assertThat(resolver.resolve(closed).selections())
        .map(TableEnvironmentResolverTest::describe)
        .containsExactly("destroy:preview#7");
  }

  @Test
  void pullRequest_deploysTheCommitTheTriggerNames() {
    Selection s = resolver.resolve(pr("opened", "", false, "deploy")).selections().get(0);
    assertThat(((Selection.Deploy) s).commit()).isEqualTo(MERGE);
  }

  @Test
  void pullRequestWithoutLabel_saysWhyNothingHappens() {
    assertThat(resolver.resolve(pr("opened", "", false)).reason())
        .contains("no \"deploy\" label")
        .contains(Hints.PREVIEW_NOT_DEPLOYING);
  }

  @Test
  void pushToOtherBranch_namesTheBranches() {
    Resolution r = resolver.resolve(new PushTrigger("refs/heads/feature", HEAD, "main", false));
    assertThat(r.reason()).contains("feature").contains("main");
  }

  @Test
  void releaseOfPrerelease_deploysWhenTheTableTakesThem() {
    Environments table =
        Environments.standard().toBuilder()
            .change(
                "staging",
                staging -> staging.trigger(new EnvironmentTrigger.ReleasePublished(true)))
            .build();
    Resolution r = new TableEnvironmentResolver(table).resolve(release("published", false, true));
    assertThat(r.selections()).hasSize(2);
  }

  @Test
  void customLabelAndBranch_areHonoured() {
    Environments table =
        Environments.builder()
            .add(
                Environment.builder("review")
                    .trigger(EnvironmentTrigger.pullRequestLabel("preview"))
                    .perPullRequest("PR")
                    .build())
            .add(
                Environment.builder("int")
                    .stack("plat-ue2-int")
                    .trigger(EnvironmentTrigger.pushTo("develop"))
                    .build())
            .build();
    TableEnvironmentResolver custom = new TableEnvironmentResolver(table);
    assertThat(custom.resolve(pr("labeled", "preview", false, "preview")).selections())
        .map(TableEnvironmentResolverTest::describe)
        .containsExactly("deploy:review#7");
    assertThat(
            custom.resolve(new PushTrigger("refs/heads/develop", HEAD, "main", false)).selections())
        .map(TableEnvironmentResolverTest::describe)
        .containsExactly("deploy:int");
    assertThat(custom.resolve(new PushTrigger("refs/heads/main", HEAD, "main", false)).selections())
        .isEmpty();
  }

  @Test
  void manualDeployToUnknownEnvironment_isAConfigurationError() {
    ManualTrigger m = ManualTrigger.deploy(DeploymentTarget.of(EnvironmentName.parse("qa")), HEAD);
    assertThatThrownBy(() -> resolver.resolve(m))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("\"qa\"");
  }

  @Test
  void manualRelease_includesTheEnvironmentsAfterIt() {
    ManualTrigger m =
        ManualTrigger.release(
            DeploymentTarget.of(EnvironmentName.parse("staging")),
            ReleaseVersion.parse("v9.0.0"),
            HEAD);
    assertThat(resolver.resolve(m).selections())
        .map(TableEnvironmentResolverTest::describe)
        .containsExactly("release:staging", "release:prod");
  }
}
