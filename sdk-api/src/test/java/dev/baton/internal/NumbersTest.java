package dev.baton.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.PullRequestTrigger;
import dev.baton.spi.ApprovalRequest;
import dev.baton.spi.Fence;
import dev.baton.spi.Lease;
import dev.baton.spi.LeaseKey;
import dev.baton.spi.LeaseWaiter;
import dev.baton.spi.PullRequestState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void positive_refusesZeroAndNegativeWithTheName() {
    assertThat(Numbers.positive(1, "queue ticket")).isEqualTo(1);
    assertThat(Numbers.positive(Long.MAX_VALUE, "queue ticket")).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> Numbers.positive(0, "queue ticket"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queue ticket must be positive, got 0");
    assertThatThrownBy(() -> Numbers.positive(Long.MIN_VALUE, "queue ticket"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queue ticket must be positive, got " + Long.MIN_VALUE);
  }

  @Test
  void nonNegative_allowsZero_refusesNegativeWithTheName() {
    assertThat(Numbers.nonNegative(0, "maxRetries")).isZero();
    assertThat(Numbers.nonNegative(Long.MAX_VALUE, "maxRetries")).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> Numbers.nonNegative(-1, "maxRetries"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRetries must not be negative, got -1");
    assertThatThrownBy(
            () ->
                new dev.baton.spi.DestroyResult(
                    dev.baton.spi.DestroyResult.Outcome.DESTROYED, -2, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("destroyed count must not be negative, got -2");
  }

  @Test
  void theValuesThatCheckThroughIt_sayWhichNumberWasRefused() {
    CommitSha commit = CommitSha.parse("0123456789abcdef0123456789abcdef01234567");
    refuses(
        () -> new Lease(new LeaseKey("dev"), "owner-1", 0, Instant.EPOCH),
        "fencing token must be positive, got 0");
    refuses(() -> Fence.of(-1, Optional.empty()), "fencing token must be positive, got -1");
    refuses(
        () -> new PullRequestState(0, true, Set.of()),
        "pull request number must be positive, got 0");
    refuses(
        () -> new PullRequestTrigger(-7, "opened", Set.of(), "", commit, commit, false, true),
        "pull request number must be positive, got -7");
    refuses(
        () -> DeploymentTarget.pullRequest(EnvironmentName.parse("preview"), 0),
        "pull request number must be positive, got 0");
    refuses(
        () ->
            new ApprovalRequest(
                DeploymentTarget.of(EnvironmentName.parse("prod")),
                commit,
                ImageReference.parse("ghcr.io/acme/app:1.2.3"),
                "release 1.2.3",
                Duration.ofMinutes(1),
                0,
                List.of(),
                Set.of()),
        "approvals required must be positive, got 0");
    refuses(
        () -> new LeaseWaiter(new LeaseKey("dev"), "owner-1", Optional.empty(), 0, Instant.EPOCH),
        "queue ticket must be positive, got 0");
  }

  private static void refuses(ThrowingCallable construction, String message) {
    assertThatThrownBy(construction)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
