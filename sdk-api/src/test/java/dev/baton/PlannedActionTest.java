package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannedActionTest {
  private static final DeploymentTarget PR_7 =
      DeploymentTarget.pullRequest(EnvironmentName.parse("preview"), 7);
  private static final StackName STACK = StackName.parse("preview");
  private static final CommitSha COMMIT =
      CommitSha.parse("0123456789abcdef0123456789abcdef01234567");
  private static final ImageReference IMAGE =
      ImageReference.parse("ghcr.io/acme/app:sha-" + COMMIT);

  @Test
  void aMissingPart_isNamed() {
    assertThatThrownBy(() -> new PlannedAction.Rollout(PR_7, STACK, null, COMMIT, Map.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Rollout.image is null");
    assertThatThrownBy(() -> new PlannedAction.DraftRelease(PR_7, COMMIT, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("DraftRelease.reason is null");
  }

  @Test
  void variables_areCopied() {
    Map<String, String> vars = new HashMap<>(Map.of("PR_NUMBER", "7"));
    var destroy = new PlannedAction.Destroy(PR_7, STACK, vars, "closed");
    vars.put("PR_NUMBER", "8");
    assertThat(destroy.variables()).containsExactly(Map.entry("PR_NUMBER", "7"));
  }

  @Test
  void equality_isKindAndParts() {
    var rollout = new PlannedAction.Rollout(PR_7, STACK, IMAGE, COMMIT, Map.of("PR_NUMBER", "7"));
    var deploy = new PlannedAction.Deploy(rollout, "r");
    var verify = new PlannedAction.Verify(rollout, "r");
    assertThat(deploy)
        .isEqualTo(
            new PlannedAction.Deploy(
                new PlannedAction.Rollout(PR_7, STACK, IMAGE, COMMIT, Map.of("PR_NUMBER", "7")),
                "r"))
        .isNotEqualTo(verify);
    assertThat(deploy.type()).isEqualTo(ActionType.DEPLOY);
    assertThat(verify.type()).isEqualTo(ActionType.VERIFY);
  }

  @Test
  void toJson_givesEveryKindTheSameFields() {
    var tag = new PlannedAction.ReleaseTag(IMAGE, Tag.parse("1.0.0"), COMMIT, "promote");
    assertThat(tag.toJson())
        .isEqualTo(
            "{\"type\":\"tag\",\"environment\":null,\"instance\":null,"
                + "\"stack\":null,\"image\":\""
                + IMAGE
                + "\",\"digest\":null,\"tag\":\"1.0.0\","
                + "\"commit\":\""
                + COMMIT
                + "\",\"variables\":{},\"reason\":\"promote\"}");
    assertThat(tag).hasToString("tag tag=1.0.0 image=" + IMAGE + " (digest unresolved) — promote");
  }
}
