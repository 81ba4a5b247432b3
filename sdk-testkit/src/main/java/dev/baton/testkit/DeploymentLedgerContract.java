package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.StaleWriteException;
import dev.baton.Tag;
import dev.baton.UnsupportedLedgerFeatureException;
import dev.baton.spi.ApprovalRecord;
import dev.baton.spi.BuildRecord;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Fence;
import dev.baton.spi.QuarantineRecord;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DeploymentLedger} must show, as an abstract JUnit 5 suite. A
 * provider's test extends it and supplies a ledger that holds no records (a fresh one for every
 * test):
 *
 * <pre>{@code
 * class MyLedgerContractTest extends DeploymentLedgerContract {
 *   protected DeploymentLedger ledger() { return new MyLedger(...); }
 * }
 * }</pre>
 */
public abstract class DeploymentLedgerContract {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ImageReference REPOSITORY =
      ImageReference.parse("registry.example.test/acme/shop");
  private static final EnvironmentName DEV = EnvironmentName.parse("dev");
  private static final EnvironmentName STAGING = EnvironmentName.parse("staging");
  private static final EnvironmentName PREVIEW = EnvironmentName.parse("preview");
  private static final int RACERS = 4;
  private static final Instant AT = Instant.parse("2026-03-02T10:15:30Z");

  /** For subclasses. */
  protected DeploymentLedgerContract() {}

  /**
   * The ledger under test, holding no records; called at the start of every test.
   *
   * @return the ledger
   */
  protected abstract DeploymentLedger ledger();

  /**
   * Whether the ledger keeps fencing tokens and makes a fenced write one atomic step. A ledger that
   * can only compare the current deployment before writing (GitHub Deployments) returns false, and
   * the cases about tokens and concurrent fenced writers are skipped for it.
   *
   * @return true unless overridden
   */
  protected boolean keepsFencingTokens() {
    return true;
  }

  /**
   * Whether the ledger keeps quarantines. One with no honest place for them (GitHub Deployments)
   * returns false: its {@code quarantine} and {@code release} must then throw {@link
   * UnsupportedLedgerFeatureException} and it must report no quarantine, and the other quarantine
   * cases are skipped for it.
   *
   * @return true unless overridden
   */
  protected boolean keepsQuarantines() {
    return true;
  }

  /**
   * The ledger under test, for a case that holds only for some ledgers: the case is skipped unless
   * {@code holds}.
   *
   * @param holds whether the ledger under test is one the case is about
   * @param otherwise why the case is skipped when it is not
   * @return the ledger
   */
  private DeploymentLedger ledgerIf(boolean holds, String otherwise) {
    assumeTrue(holds, otherwise);
    return ledger();
  }

  // ---- builds --------------------------------------------------------------------------------

  /** The first build recorded for a commit stands; a later one with another digest does not. */
  @Test
  public void recordBuild_whenAlreadyRecorded_keepsFirstWriter() {
    DeploymentLedger ledger = ledger();
    CommitSha commit = newCommit();
    ImageReference first = newImage(commit);
    ImageReference rebuild = newImage(commit);

    BuildRecord recorded = ledger.recordBuild(commit, first);
    BuildRecord again = ledger.recordBuild(commit, rebuild);

    assertThat(recorded.digest()).isEqualTo(first.digest().orElseThrow());
    assertThat(recorded.commit()).isEqualTo(commit);
    assertThat(again.digest()).isEqualTo(first.digest().orElseThrow());
    assertThat(ledger.build(commit))
        .hasValueSatisfying(b -> assertThat(b.digest()).isEqualTo(first.digest().orElseThrow()));
  }

  /** A build is recorded by its digest: an image with a tag only is refused, nothing recorded. */
  @Test
  public void recordBuild_whenImageNotPinned_isRefusedAndRecordsNothing() {
    DeploymentLedger ledger = ledger();
    CommitSha commit = newCommit();
    ImageReference tagOnly = REPOSITORY.withTag(Tag.parse("sha-" + commit.shortForm()));

    assertThatThrownBy(() -> ledger.recordBuild(commit, tagOnly))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("build image " + tagOnly + " is not pinned");

    assertThat(ledger.build(commit)).isEmpty();
  }

  /**
   * Concurrent records for one commit agree on a single digest.
   *
   * @throws Exception if a racer does not finish
   */
  @Test
  public void recordBuild_whenConcurrent_allSeeOneDigest() throws Exception {
    DeploymentLedger ledger = ledger();
    CommitSha commit = newCommit();
    List<Digest> digests =
        Racers.race(
                RACERS,
                60,
                TimeUnit.SECONDS,
                i -> {
                  ImageReference image = newImage(commit);
                  return () -> ledger.recordBuild(commit, image);
                })
            .stream()
            .map(BuildRecord::digest)
            .toList();

    assertThat(digests).containsOnly(digests.get(0));
    assertThat(ledger.build(commit))
        .hasValueSatisfying(b -> assertThat(b.digest()).isEqualTo(digests.get(0)));
  }

  /** A commit that was never built has no record. */
  @Test
  public void build_whenUnknownCommit_isEmpty() {
    DeploymentLedger ledger = ledger();
    ledger.recordBuild(newCommit(), newImage(newCommit()));

    assertThat(ledger.build(newCommit())).isEmpty();
  }

  // ---- begin / finish / current --------------------------------------------------------------

  /** A begun deployment is in progress, holds what it was given, and is not current yet. */
  @Test
  public void begin_recordsInProgress() {
    DeploymentLedger ledger = ledger();
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    CommitSha commit = newCommit();
    ImageReference image = newImage(commit);

    DeploymentRecord d =
        ledger.begin(new DeploymentStart(dev, commit, image, Map.of("REGION", "eu-west-1")));

    assertThat(d.state()).isEqualTo(DeploymentState.IN_PROGRESS);
    assertThat(d.target()).isEqualTo(dev);
    assertThat(d.commit()).isEqualTo(commit);
    assertThat(d.digest()).isEqualTo(image.digest().orElseThrow());
    assertThat(d.variables()).isEqualTo(Map.of("REGION", "eu-west-1"));
    assertThat(ledger.current(dev)).isEmpty();
    assertThat(ledger.history(DEV)).extracting(DeploymentRecord::id).containsExactly(d.id());
  }

  /** A successful deployment becomes the target's current one, with its URL. */
  @Test
  public void finish_whenSuccess_becomesCurrent() {
    DeploymentLedger ledger = ledger();
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    CommitSha commit = newCommit();
    ImageReference image = newImage(commit);
    DeploymentRecord begun = ledger.begin(new DeploymentStart(dev, commit, image, Map.of()));

    DeploymentRecord done =
        ledger.finish(begun, DeploymentState.SUCCESS, "https://dev.example.test");

    assertThat(done.id()).isEqualTo(begun.id());
    assertThat(done.state()).isEqualTo(DeploymentState.SUCCESS);
    assertThat(done.url()).isEqualTo("https://dev.example.test");
    assertThat(ledger.current(dev))
        .hasValueSatisfying(
            c -> {
              assertThat(c.id()).isEqualTo(begun.id());
              assertThat(c.state()).isEqualTo(DeploymentState.SUCCESS);
              assertThat(c.digest()).isEqualTo(image.digest().orElseThrow());
              assertThat(c.commit()).isEqualTo(commit);
              assertThat(c.url()).isEqualTo("https://dev.example.test");
            });
  }

  /**
   * A deployment finishes as a success or a failure; any other state is refused, nothing changes.
   */
  @Test
  public void finish_whenStateNotFinal_isRefusedAndChangesNothing() {
    DeploymentLedger ledger = ledger();
    DeploymentRecord begun = ledger.begin(newStart(DeploymentTarget.of(DEV)));

    for (DeploymentState notFinal :
        List.of(DeploymentState.IN_PROGRESS, DeploymentState.INACTIVE)) {
      assertThatThrownBy(() -> ledger.finish(begun, notFinal, ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(notFinal.name());
    }

    assertThat(stateIn(ledger, DEV, begun.id())).isEqualTo(DeploymentState.IN_PROGRESS);
  }

  /** A newer success supersedes the older one, which becomes inactive. */
  @Test
  public void finish_whenNewerSuccess_makesOlderInactive() {
    DeploymentLedger ledger = ledger();
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    DeploymentRecord older = succeed(ledger, dev);

    DeploymentRecord newer = succeed(ledger, dev);

    assertCurrent(ledger, dev, newer);
    assertThat(stateIn(ledger, DEV, older.id())).isEqualTo(DeploymentState.INACTIVE);
    assertThat(stateIn(ledger, DEV, newer.id())).isEqualTo(DeploymentState.SUCCESS);
  }

  /** A failed deployment is recorded as such and the previous success stays current. */
  @Test
  public void finish_whenFailure_doesNotBecomeCurrent() {
    DeploymentLedger ledger = ledger();
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    DeploymentRecord good = succeed(ledger, dev);

    DeploymentRecord failed = fail(ledger, dev);

    assertThat(failed.state()).isEqualTo(DeploymentState.FAILURE);
    assertCurrent(ledger, dev, good);
    assertThat(stateIn(ledger, DEV, good.id())).isEqualTo(DeploymentState.SUCCESS);
    assertThat(stateIn(ledger, DEV, failed.id())).isEqualTo(DeploymentState.FAILURE);
  }

  /** With only a failure, a target has no current deployment. */
  @Test
  public void current_whenOnlyFailure_isEmpty() {
    DeploymentLedger ledger = ledger();
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    fail(ledger, dev);

    assertThat(ledger.current(dev)).isEmpty();
  }

  // ---- history -------------------------------------------------------------------------------

  /** History lists an environment's deployments, newest first, and no other environment's. */
  @Test
  public void history_isNewestFirstAndFilteredByEnvironment() {
    DeploymentLedger ledger = ledger();
    DeploymentRecord dev1 = succeed(ledger, DeploymentTarget.of(DEV));
    DeploymentRecord staging1 = succeed(ledger, DeploymentTarget.of(STAGING));
    DeploymentRecord dev2 = fail(ledger, DeploymentTarget.of(DEV));
    DeploymentRecord dev3 = succeed(ledger, DeploymentTarget.of(DEV));

    assertThat(ledger.history(DEV))
        .extracting(DeploymentRecord::id)
        .containsExactly(dev3.id(), dev2.id(), dev1.id());
    assertThat(ledger.history(STAGING))
        .extracting(DeploymentRecord::id)
        .containsExactly(staging1.id());
    assertThat(ledger.history(EnvironmentName.parse("prod"))).isEmpty();
  }

  // ---- deactivate ----------------------------------------------------------------------------

  /** Deactivating a target leaves it without a current deployment and touches no other target. */
  @Test
  public void deactivate_removesCurrentOfThatTargetOnly() {
    DeploymentLedger ledger = ledger();
    DeploymentTarget pr1 = DeploymentTarget.pullRequest(PREVIEW, 1);
    DeploymentTarget pr2 = DeploymentTarget.pullRequest(PREVIEW, 2);
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    DeploymentRecord one = succeed(ledger, pr1);
    DeploymentRecord two = succeed(ledger, pr2);
    DeploymentRecord shared = succeed(ledger, dev);

    ledger.deactivate(pr1);

    assertThat(ledger.current(pr1)).isEmpty();
    assertThat(stateIn(ledger, PREVIEW, one.id())).isEqualTo(DeploymentState.INACTIVE);
    assertCurrent(ledger, pr2, two);
    assertCurrent(ledger, dev, shared);
  }

  /** Deactivating leaves failures as failures, and deactivating twice is harmless. */
  @Test
  public void deactivate_keepsFailuresAndIsRepeatable() {
    DeploymentLedger ledger = ledger();
    DeploymentTarget pr = DeploymentTarget.pullRequest(PREVIEW, 7);
    succeed(ledger, pr);
    DeploymentRecord failed = fail(ledger, pr);

    ledger.deactivate(pr);
    ledger.deactivate(pr);

    assertThat(ledger.current(pr)).isEmpty();
    assertThat(stateIn(ledger, PREVIEW, failed.id())).isEqualTo(DeploymentState.FAILURE);
  }

  // ---- hasSucceeded --------------------------------------------------------------------------

  /** A digest that once succeeded counts, even after being superseded; a failed one does not. */
  @Test
  public void hasSucceeded_whenSucceededEvenIfSuperseded_isTrue_whenOnlyFailed_isFalse() {
    DeploymentLedger ledger = ledger();
    DeploymentTarget staging = DeploymentTarget.of(STAGING);
    DeploymentRecord old = succeed(ledger, staging);
    DeploymentRecord current = succeed(ledger, staging);
    DeploymentRecord failed = fail(ledger, staging);

    assertThat(ledger.hasSucceeded(STAGING, old.digest())).isTrue();
    assertThat(ledger.hasSucceeded(STAGING, current.digest())).isTrue();
    assertThat(ledger.hasSucceeded(STAGING, failed.digest())).isFalse();
    assertThat(ledger.hasSucceeded(DEV, current.digest())).isFalse();
  }

  /** A deployment still in progress has not succeeded. */
  @Test
  public void hasSucceeded_whenInProgress_isFalse() {
    DeploymentLedger ledger = ledger();
    DeploymentRecord begun = ledger.begin(newStart(DeploymentTarget.of(STAGING)));

    assertThat(ledger.hasSucceeded(STAGING, begun.digest())).isFalse();
  }

  // ---- compare-and-set -----------------------------------------------------------------------

  /** A fenced deploy whose target is still as read becomes current. */
  @Test
  public void fencedFinish_whenCurrentAsRead_becomesCurrent() {
    DeploymentLedger ledger = ledger();
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    DeploymentRecord before = succeed(ledger, dev);
    Fence fence = Fence.of(7, ledger.current(dev));

    DeploymentRecord begun = ledger.begin(newStart(dev), fence);
    ledger.finish(begun, DeploymentState.SUCCESS, "", fence);

    assertCurrent(ledger, dev, begun);
    assertThat(stateIn(ledger, DEV, before.id())).isEqualTo(DeploymentState.INACTIVE);
  }

  /** A success is refused when the current deployment changed since the writer read it. */
  @Test
  public void fencedFinish_whenCurrentChanged_isRefused() {
    DeploymentLedger ledger = ledger();
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    Fence readNothing = Fence.of(1, Optional.empty());
    DeploymentRecord mine = ledger.begin(newStart(dev), readNothing);
    DeploymentRecord other = succeed(ledger, dev);

    assertThatThrownBy(() -> ledger.finish(mine, DeploymentState.SUCCESS, "", readNothing))
        .isInstanceOf(StaleWriteException.class)
        .hasMessageContaining(dev.toString());

    assertCurrent(ledger, dev, other);
    assertThat(stateIn(ledger, DEV, mine.id())).isEqualTo(DeploymentState.IN_PROGRESS);
    ledger.finish(mine, DeploymentState.FAILURE, "", readNothing);
    assertThat(stateIn(ledger, DEV, mine.id())).isEqualTo(DeploymentState.FAILURE);
    assertCurrent(ledger, dev, other);
  }

  /** A begin is refused when the current deployment changed since the writer read it. */
  @Test
  public void fencedBegin_whenCurrentChanged_isRefusedAndRecordsNothing() {
    DeploymentLedger ledger = ledger();
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    Fence readNothing = Fence.of(1, ledger.current(dev));
    DeploymentRecord other = succeed(ledger, dev);

    assertThatThrownBy(() -> ledger.begin(newStart(dev), readNothing))
        .isInstanceOf(StaleWriteException.class);

    assertThat(ledger.history(DEV)).extracting(DeploymentRecord::id).containsExactly(other.id());
  }

  /** A writer whose token is older than one that already wrote is refused, begin and success. */
  @Test
  public void fencedWrites_whenNewerTokenWrote_areRefused() {
    DeploymentLedger ledger = ledgerIf(keepsFencingTokens(), "this ledger keeps no fencing token");
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    DeploymentStart older = newStart(dev);
    Fence stale = Fence.of(1, Optional.empty());
    Fence newer = Fence.of(2, Optional.empty());
    DeploymentRecord paused = ledger.begin(older, stale);
    DeploymentRecord fresh = ledger.begin(newStart(dev), newer);

    assertThatThrownBy(() -> ledger.finish(paused, DeploymentState.SUCCESS, "", stale))
        .isInstanceOf(StaleWriteException.class)
        .hasMessageContaining("token");
    assertThatThrownBy(() -> ledger.begin(older, stale)).isInstanceOf(StaleWriteException.class);
    assertThatThrownBy(() -> ledger.deactivate(dev, stale)).isInstanceOf(StaleWriteException.class);

    ledger.finish(fresh, DeploymentState.SUCCESS, "", newer);
    assertCurrent(ledger, dev, fresh);
  }

  /** A fenced deactivate whose target is still as read makes its success inactive. */
  @Test
  public void fencedDeactivate_whenCurrentAsRead_deactivates() {
    DeploymentLedger ledger = ledger();
    DeploymentTarget pr = DeploymentTarget.pullRequest(PREVIEW, 9);
    DeploymentRecord running = succeed(ledger, pr);

    ledger.deactivate(pr, Fence.of(3, ledger.current(pr)));

    assertThat(ledger.current(pr)).isEmpty();
    assertThat(stateIn(ledger, PREVIEW, running.id())).isEqualTo(DeploymentState.INACTIVE);
  }

  /**
   * Writers that all read the same current deployment and race with growing tokens: exactly one
   * success is recorded, and every other writer is refused.
   *
   * @throws Exception if a racer does not finish
   */
  @Test
  public void fencedFinish_whenConcurrentWritersReadTheSameCurrent_exactlyOneWins()
      throws Exception {
    DeploymentLedger ledger = ledgerIf(keepsFencingTokens(), "this ledger keeps no fencing token");
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    Optional<DeploymentRecord> read = ledger.current(dev);
    List<Boolean> won =
        Racers.race(
            RACERS,
            60,
            TimeUnit.SECONDS,
            i -> {
              DeploymentStart start = newStart(dev);
              Fence fence = Fence.of(i + 1, read);
              return () -> {
                try {
                  DeploymentRecord d = ledger.begin(start, fence);
                  ledger.finish(d, DeploymentState.SUCCESS, "", fence);
                  return true;
                } catch (StaleWriteException refused) {
                  return false;
                }
              };
            });

    assertThat(won.stream().filter(w -> w)).hasSize(1);
    assertThat(ledger.history(DEV).stream().filter(d -> d.state() == DeploymentState.SUCCESS))
        .hasSize(1);
  }

  // ---- per pull request ----------------------------------------------------------------------

  /** Each pull request's target has its own current deployment. */
  @Test
  public void current_whenPerPullRequestTargets_areIndependent() {
    DeploymentLedger ledger = ledger();
    DeploymentTarget pr1 = DeploymentTarget.pullRequest(PREVIEW, 1);
    DeploymentTarget pr2 = DeploymentTarget.pullRequest(PREVIEW, 2);
    DeploymentRecord one = succeed(ledger, pr1);
    DeploymentRecord two = succeed(ledger, pr2);
    DeploymentRecord oneAgain = succeed(ledger, pr1);

    assertCurrent(ledger, pr1, oneAgain);
    assertThat(ledger.current(pr2))
        .hasValueSatisfying(
            c -> {
              assertThat(c.id()).isEqualTo(two.id());
              assertThat(c.target()).isEqualTo(pr2);
            });
    assertThat(stateIn(ledger, PREVIEW, one.id())).isEqualTo(DeploymentState.INACTIVE);
    assertThat(stateIn(ledger, PREVIEW, two.id())).isEqualTo(DeploymentState.SUCCESS);
    assertThat(ledger.current(DeploymentTarget.pullRequest(PREVIEW, 3))).isEmpty();
  }

  // ---- quarantines ---------------------------------------------------------------------------

  /** A quarantine is kept with its reason, who and when, and listed. */
  @Test
  public void quarantine_isKeptWithReasonWhoAndWhen() {
    DeploymentLedger ledger = ledgerIf(keepsQuarantines(), "this ledger keeps no quarantines");
    QuarantineRecord q = quarantineOf(newDigest(), "leaks memory", "alice", AT);

    QuarantineRecord standing = ledger.quarantine(q);

    assertThat(standing).isEqualTo(q);
    assertThat(ledger.quarantined(q.digest())).contains(q);
    assertThat(ledger.quarantined(newDigest())).isEmpty();
    assertThat(ledger.quarantines()).containsExactly(q);
  }

  /** A second quarantine of a digest leaves the first standing. */
  @Test
  public void quarantine_whenAlreadyQuarantined_keepsFirst() {
    DeploymentLedger ledger = ledgerIf(keepsQuarantines(), "this ledger keeps no quarantines");
    Digest digest = newDigest();
    QuarantineRecord first = quarantineOf(digest, "leaks memory", "alice", AT);
    QuarantineRecord second = quarantineOf(digest, "crashes", "bob", AT.plusSeconds(60));

    ledger.quarantine(first);
    QuarantineRecord standing = ledger.quarantine(second);

    assertThat(standing).isEqualTo(first);
    assertThat(ledger.quarantined(digest)).contains(first);
    assertThat(ledger.quarantines()).containsExactly(first);
  }

  /** A release lifts the quarantine and returns it; releasing again changes nothing. */
  @Test
  public void release_liftsQuarantineOnce() {
    DeploymentLedger ledger = ledgerIf(keepsQuarantines(), "this ledger keeps no quarantines");
    QuarantineRecord q = quarantineOf(newDigest(), "leaks memory", "alice", AT);
    QuarantineRecord other = quarantineOf(newDigest(), "crashes", "bob", AT);
    ledger.quarantine(q);
    ledger.quarantine(other);
    QuarantineRecord release =
        quarantineOf(q.digest(), "fixed upstream", "carol", AT.plusSeconds(5));

    assertThat(ledger.release(release)).contains(q);
    assertThat(ledger.quarantined(q.digest())).isEmpty();
    assertThat(ledger.release(release)).isEmpty();
    assertThat(ledger.quarantines()).containsExactly(other);
  }

  /** After a release a digest can be quarantined again, with the new reason. */
  @Test
  public void quarantine_afterRelease_isKeptAnew() {
    DeploymentLedger ledger = ledgerIf(keepsQuarantines(), "this ledger keeps no quarantines");
    Digest digest = newDigest();
    ledger.quarantine(quarantineOf(digest, "leaks memory", "alice", AT));
    ledger.release(quarantineOf(digest, "fixed", "bob", AT.plusSeconds(1)));
    QuarantineRecord again = quarantineOf(digest, "leaks again", "carol", AT.plusSeconds(2));

    assertThat(ledger.quarantine(again)).isEqualTo(again);
    assertThat(ledger.quarantined(digest)).contains(again);
  }

  /** The list is newest first. */
  @Test
  public void quarantines_areNewestFirst() {
    DeploymentLedger ledger = ledgerIf(keepsQuarantines(), "this ledger keeps no quarantines");
    QuarantineRecord older = quarantineOf(newDigest(), "one", "alice", AT);
    QuarantineRecord newer = quarantineOf(newDigest(), "two", "alice", AT.plusSeconds(60));
    ledger.quarantine(older);
    ledger.quarantine(newer);

    assertThat(ledger.quarantines()).containsExactly(newer, older);
  }

  /**
   * Concurrent quarantines of one digest agree on a single standing record.
   *
   * @throws Exception if a racer does not finish
   */
  @Test
  public void quarantine_whenConcurrent_allSeeOneRecord() throws Exception {
    DeploymentLedger ledger = ledgerIf(keepsQuarantines(), "this ledger keeps no quarantines");
    Digest digest = newDigest();
    List<QuarantineRecord> standing =
        Racers.race(
            RACERS,
            60,
            TimeUnit.SECONDS,
            i -> () -> ledger.quarantine(quarantineOf(digest, "racer " + i, "racer-" + i, AT)));

    assertThat(standing).containsOnly(standing.get(0));
    assertThat(ledger.quarantined(digest)).contains(standing.get(0));
  }

  /** A ledger that keeps no quarantines refuses to record one, and holds none. */
  @Test
  public void quarantine_whenNotKept_isRefusedWithTypedError() {
    DeploymentLedger ledger = ledgerIf(!keepsQuarantines(), "this ledger keeps quarantines");
    QuarantineRecord q = quarantineOf(newDigest(), "leaks memory", "alice", AT);

    assertThatThrownBy(() -> ledger.quarantine(q))
        .isInstanceOf(UnsupportedLedgerFeatureException.class)
        .hasMessageContaining("quarantine");
    assertThatThrownBy(() -> ledger.release(q))
        .isInstanceOf(UnsupportedLedgerFeatureException.class);
    assertThat(ledger.quarantined(q.digest())).isEmpty();
    assertThat(ledger.quarantines()).isEmpty();
  }

  // ---- approvals ------------------------------------------------------------------------------

  /**
   * Whether the ledger keeps approvals. One that does not (GitHub Deployments) returns false: its
   * {@code recordApproval} must throw {@link UnsupportedLedgerFeatureException} and it must report
   * none, and the other approval cases are skipped for it.
   *
   * @return true unless overridden
   */
  protected boolean keepsApprovals() {
    return true;
  }

  /** Approvals are kept per environment with who and when, newest first; one per reviewer. */
  @Test
  public void recordApproval_keepsOnePerReviewer_perEnvironmentAndDigest() {
    DeploymentLedger ledger = ledgerIf(keepsApprovals(), "this ledger keeps no approvals");
    CommitSha commit = newCommit();
    Digest digest = newDigest();
    ApprovalRecord alice = new ApprovalRecord(STAGING, digest, commit, "alice", AT);
    ApprovalRecord bob = new ApprovalRecord(STAGING, digest, commit, "bob", AT.plusSeconds(60));
    ApprovalRecord aliceAgain =
        new ApprovalRecord(STAGING, digest, commit, "alice", AT.plusSeconds(120));
    ApprovalRecord elsewhere = new ApprovalRecord(DEV, digest, commit, "carol", AT);

    assertThat(ledger.recordApproval(alice)).isEqualTo(alice);
    assertThat(ledger.recordApproval(bob)).isEqualTo(bob);
    assertThat(ledger.recordApproval(aliceAgain)).isEqualTo(alice);
    ledger.recordApproval(elsewhere);

    assertThat(ledger.approvals(STAGING)).containsExactly(bob, alice);
    assertThat(ledger.approvals(DEV)).containsExactly(elsewhere);
    assertThat(ledger.approvals(PREVIEW)).isEmpty();
  }

  /** The same reviewer's approval of another digest is another approval. */
  @Test
  public void recordApproval_ofAnotherDigest_isKeptApart() {
    DeploymentLedger ledger = ledgerIf(keepsApprovals(), "this ledger keeps no approvals");
    ApprovalRecord one = new ApprovalRecord(STAGING, newDigest(), newCommit(), "alice", AT);
    ApprovalRecord two =
        new ApprovalRecord(STAGING, newDigest(), newCommit(), "alice", AT.plusSeconds(1));

    ledger.recordApproval(one);
    ledger.recordApproval(two);

    assertThat(ledger.approvals(STAGING)).containsExactly(two, one);
  }

  /** A ledger that keeps no approvals refuses to record one, and holds none. */
  @Test
  public void recordApproval_whenNotKept_isRefusedWithTypedError() {
    DeploymentLedger ledger = ledgerIf(!keepsApprovals(), "this ledger keeps approvals");
    ApprovalRecord a = new ApprovalRecord(STAGING, newDigest(), newCommit(), "alice", AT);

    assertThatThrownBy(() -> ledger.recordApproval(a))
        .isInstanceOf(UnsupportedLedgerFeatureException.class)
        .hasMessageContaining("approvals");
    assertThat(ledger.approvals(STAGING)).isEmpty();
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static DeploymentRecord succeed(DeploymentLedger ledger, DeploymentTarget target) {
    return deployNewCommit(
        ledger,
        target,
        DeploymentState.SUCCESS,
        "https://"
            + target.environment()
            + (target.isPerPullRequest() ? "-" + target.instance() : "")
            + ".example.test");
  }

  private static DeploymentRecord fail(DeploymentLedger ledger, DeploymentTarget target) {
    return deployNewCommit(ledger, target, DeploymentState.FAILURE, "");
  }

  /** Begins a deployment of a new commit and finishes it as given. */
  private static DeploymentRecord deployNewCommit(
      DeploymentLedger ledger, DeploymentTarget target, DeploymentState outcome, String url) {
    DeploymentRecord begun = ledger.begin(newStart(target));
    return ledger.finish(begun, outcome, url);
  }

  /** The start of a deployment of a new commit's image to the target, with no variables. */
  private static DeploymentStart newStart(DeploymentTarget target) {
    CommitSha commit = newCommit();
    return new DeploymentStart(target, commit, newImage(commit), Map.of());
  }

  /** The target's current deployment is the given one. */
  private static void assertCurrent(
      DeploymentLedger ledger, DeploymentTarget target, DeploymentRecord expected) {
    assertThat(ledger.current(target)).map(DeploymentRecord::id).contains(expected.id());
  }

  private static DeploymentState stateIn(
      DeploymentLedger ledger, EnvironmentName environment, String id) {
    return ledger.history(environment).stream()
        .filter(d -> d.id().equals(id))
        .map(DeploymentRecord::state)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "deployment " + id + " is not in the history of " + environment));
  }

  private static QuarantineRecord quarantineOf(
      Digest digest, String reason, String who, Instant at) {
    return new QuarantineRecord(digest, reason, who, at);
  }

  /**
   * @return a digest no other call returns
   */
  protected static Digest newDigest() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Digest.sha256(bytes);
  }

  /**
   * @return a random commit
   */
  protected static CommitSha newCommit() {
    return Randoms.commit();
  }

  /**
   * @param commit the commit built
   * @return a pinned build image of the commit, with a digest no other call returns
   */
  protected static ImageReference newImage(CommitSha commit) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return REPOSITORY
        .withTag(Tag.parse("sha-" + commit.shortForm()))
        .withDigest(Digest.sha256(bytes));
  }
}
