package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnvironmentsTest {
  @Test
  void standard_isTheSeedTable() {
    Environments t = Environments.standard();
    assertThat(t.all())
        .extracting(e -> e.name().value())
        .containsExactly("preview", "dev", "staging", "prod");
    assertThat(t.get("preview").isPerPullRequest()).isTrue();
    assertThat(t.get("preview").pullRequestVariable()).isEqualTo("PR_NUMBER");
    assertThat(t.get("dev").movingTags()).containsExactly(Tag.parse("latest"));
    assertThat(t.get("dev").draftsRelease()).isTrue();
    assertThat(t.get("staging").needs()).containsExactly(EnvironmentName.parse("dev"));
    assertThat(t.get("prod").requiresApproval()).isTrue();
    assertThat(t.get("prod").stack()).isEqualTo(StackName.parse("prod"));
    assertThat(t.downstreamOf(EnvironmentName.parse("staging")))
        .extracting(e -> e.name().value())
        .containsExactly("prod");
  }

  @Test
  void remapping_stacksAndGithubEnvironments_works() {
    Environments t =
        Environments.standard().toBuilder()
            .change("prod", prod -> prod.stack("plat-ue2-prod").githubEnvironment("production"))
            .build();
    assertThat(t.get("prod").stack().value()).isEqualTo("plat-ue2-prod");
    assertThat(t.get("prod").githubEnvironment()).isEqualTo("production");
  }

  @Test
  void change_keepsWhatItDoesNotChange_andRefusesAnUnknownEnvironment() {
    Environment prod = Environments.standard().get("prod");
    Environment changed =
        Environments.standard().toBuilder()
            .change("prod", b -> b.stack("plat-ue2-prod"))
            .build()
            .get("prod");

    assertThat(changed).isEqualTo(prod.toBuilder().stack("plat-ue2-prod").build());
    assertThat(changed.requiresApproval()).isTrue();
    assertThatThrownBy(() -> Environments.standard().toBuilder().change("qa", b -> b))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("\"qa\"")
        .satisfies(e -> assertThat(((ConfigurationException) e).hint()).contains("staging"));
  }

  @Test
  void duplicateName_isRejected() {
    assertThatThrownBy(
            () -> Environments.standard().toBuilder().add(Environment.builder("dev").build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("\"dev\"");
  }

  @Test
  void needsOfUnknownEnvironment_isRejected() {
    assertThatThrownBy(
            () ->
                Environments.builder()
                    .add(Environment.builder("prod").needs("staging").build())
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("staging");
  }

  @Test
  void loopOfAfterTriggers_isRejected() {
    assertThatThrownBy(
            () ->
                Environments.builder()
                    .add(Environment.builder("a").trigger(EnvironmentTrigger.after("b")).build())
                    .add(Environment.builder("b").trigger(EnvironmentTrigger.after("a")).build())
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("loop");
  }

  @Test
  void perPullRequestEnvironmentOnPush_isRejected() {
    assertThatThrownBy(
            () ->
                Environments.builder()
                    .add(
                        Environment.builder("x")
                            .trigger(EnvironmentTrigger.pushToDefaultBranch())
                            .perPullRequest("PR_NUMBER")
                            .build())
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("per pull request");
  }

  @Test
  void badVariableName_isRejectedWithTheName() {
    assertThatThrownBy(() -> Environment.builder("x").perPullRequest("PR-NUMBER").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PR-NUMBER");
  }

  @Test
  void unknownEnvironment_getNamesTheKnownOnes() {
    assertThatThrownBy(() -> Environments.standard().get("qa"))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(((ConfigurationException) e).hint()).contains("dev"));
  }
}
