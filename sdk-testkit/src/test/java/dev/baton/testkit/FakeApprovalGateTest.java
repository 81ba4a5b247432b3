package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.spi.ApprovalDecision;
import dev.baton.spi.ApprovalRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link FakeApprovalGate}: its standing answer, scripted answers and the requests it saw. */
class FakeApprovalGateTest {
  private final FakeApprovalGate gate = new FakeApprovalGate();

  private static ApprovalRequest request(String reason) {
    return new ApprovalRequest(
        DeploymentTarget.of(EnvironmentName.parse("prod")),
        CommitSha.parse("c".repeat(40)),
        ImageReference.parse("registry.example.test/acme/shop:1.0.0")
            .withDigest(Digest.sha256(reason.getBytes(StandardCharsets.UTF_8))),
        reason,
        Duration.ofMinutes(5));
  }

  @Test
  void await_byDefault_approvesAsReviewer() {
    assertThat(gate.await(request("release 1.0.0")))
        .isEqualTo(ApprovalDecision.approvedBy("reviewer"));
  }

  @Test
  void nextDecision_answersOnlyTheNextRequest() {
    gate.nextDecision(ApprovalDecision.rejectedBy("alice", "not on a Friday"));

    assertThat(gate.await(request("one")))
        .isEqualTo(ApprovalDecision.rejectedBy("alice", "not on a Friday"));
    assertThat(gate.await(request("two")).approved()).isTrue();
  }

  @Test
  void rejectAll_thenApproveAll_changeTheStandingAnswer() {
    gate.rejectAll("bob", "freeze");
    assertThat(gate.await(request("one"))).isEqualTo(ApprovalDecision.rejectedBy("bob", "freeze"));
    assertThat(gate.await(request("two")).approved()).isFalse();

    gate.approveAll("carol");
    assertThat(gate.await(request("three"))).isEqualTo(ApprovalDecision.approvedBy("carol"));
  }

  @Test
  void nextDecision_takesPrecedenceOverTheStandingAnswer() {
    gate.rejectAll("bob", "freeze").nextDecision(ApprovalDecision.approvedBy("dave"));

    assertThat(gate.await(request("one"))).isEqualTo(ApprovalDecision.approvedBy("dave"));
    assertThat(gate.await(request("two")).approved()).isFalse();
  }

  @Test
  void requests_recordsEveryRequestInOrder() {
    ApprovalRequest one = request("one");
    ApprovalRequest two = request("two");

    gate.await(one);
    gate.await(two);

    assertThat(gate.requests()).containsExactly(one, two);
  }
}
