package dev.baton.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentStartTest {
  private static final DeploymentTarget PR =
      DeploymentTarget.pullRequest(EnvironmentName.parse("preview"), 42);
  private static final CommitSha COMMIT = CommitSha.parse("a".repeat(40));
  private static final ImageReference PINNED =
      ImageReference.parse("registry.example.test/acme/shop:sha-aaaaaaa@sha256:" + "b".repeat(64));
  private static final ImageReference TAG_ONLY =
      ImageReference.parse("registry.example.test/acme/shop:sha-aaaaaaa");
  private static final Instant AT = Instant.parse("2026-03-02T10:15:30Z");

  @Test
  void new_whenImageNotPinned_throwsNamingTheImage() {
    assertThatThrownBy(() -> new DeploymentStart(PR, COMMIT, TAG_ONLY, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("deployment image " + TAG_ONLY + " is not pinned");
  }

  @Test
  void new_whenAPartIsNull_throwsNamingIt() {
    assertThatThrownBy(() -> new DeploymentStart(null, COMMIT, PINNED, Map.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("target");
    assertThatThrownBy(() -> new DeploymentStart(PR, null, PINNED, Map.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("commit");
    assertThatThrownBy(() -> new DeploymentStart(PR, COMMIT, null, Map.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("image");
    assertThatThrownBy(() -> new DeploymentStart(PR, COMMIT, PINNED, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("variables");
  }

  @Test
  void new_whenAVariableIsNull_throws() {
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("PR_NUMBER", null);

    assertThatThrownBy(() -> new DeploymentStart(PR, COMMIT, PINNED, nullValue))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void variables_areACopy_thatLaterChangesToTheCallersMapDoNotReach() {
    Map<String, String> mine = new HashMap<>(Map.of("PR_NUMBER", "42"));
    DeploymentStart start = new DeploymentStart(PR, COMMIT, PINNED, mine);

    mine.put("REGION", "eu-west-1");

    assertThat(start.variables()).isEqualTo(Map.of("PR_NUMBER", "42"));
    assertThatThrownBy(() -> start.variables().put("X", "1"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void record_isInProgressWithNoUrl_andGivesBackTheStart() {
    DeploymentStart start = new DeploymentStart(PR, COMMIT, PINNED, Map.of("PR_NUMBER", "42"));

    DeploymentRecord record = start.record("17", AT);

    assertThat(record)
        .isEqualTo(
            new DeploymentRecord(
                "17",
                PR,
                COMMIT,
                PINNED,
                Map.of("PR_NUMBER", "42"),
                DeploymentState.IN_PROGRESS,
                AT,
                ""));
    assertThat(record.digest()).isEqualTo(start.digest());
    assertThat(record.start()).isEqualTo(start);
  }

  @Test
  void deploymentRecord_makesTheStartsChecks() {
    assertThatThrownBy(
            () ->
                new DeploymentRecord(
                    "1", PR, COMMIT, TAG_ONLY, Map.of(), DeploymentState.SUCCESS, AT, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("deployment image " + TAG_ONLY + " is not pinned");
  }

  @Test
  void checkFinish_acceptsTheFinalStates_andRefusesTheOthers() {
    DeploymentRecord begun = new DeploymentStart(PR, COMMIT, PINNED, Map.of()).record("1", AT);

    DeploymentLedger.checkFinish(begun, DeploymentState.SUCCESS, "", Fence.none());
    DeploymentLedger.checkFinish(begun, DeploymentState.FAILURE, "", Fence.none());
    assertThatThrownBy(
            () ->
                DeploymentLedger.checkFinish(begun, DeploymentState.IN_PROGRESS, "", Fence.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not IN_PROGRESS");
    assertThatThrownBy(
            () -> DeploymentLedger.checkFinish(begun, DeploymentState.INACTIVE, "", Fence.none()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> DeploymentLedger.checkFinish(begun, DeploymentState.SUCCESS, null, Fence.none()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("url");
    assertThatThrownBy(() -> DeploymentLedger.checkFinish(begun, DeploymentState.SUCCESS, "", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("fence");
  }
}
