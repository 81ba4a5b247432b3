package dev.baton.flow;

import static dev.baton.flow.Events.PROD;
import static dev.baton.flow.Events.STAGING;
import static dev.baton.flow.Events.onDev;
import static dev.baton.flow.Events.onStaging;
import static dev.baton.flow.Events.published;
import static dev.baton.flow.Events.target;
import static dev.baton.flow.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ApprovalMissingException;
import dev.baton.ApprovalPolicy;
import dev.baton.Authors;
import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import dev.baton.DeploymentTarget;
import dev.baton.PromotionPipeline;
import dev.baton.spi.ApprovalDecision;
import dev.baton.spi.ApprovalRecord;
import dev.baton.spi.ApprovalRequest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * N of M approvals: distinct approvers, recorded in the ledger with who and when (the pipeline's
 * clock), adding up across runs, and with not-author, never the commit's author or the release's
 * publisher, and never an unknown author.
 */
class ApprovalPolicyTest extends ClockedFlow {
  private PromotionPipeline pipeline(ApprovalPolicy prod) {
    return onClock(table("prod", b -> b.approvals(prod))).build();
  }

  /**
   * {@return a pipeline whose prod needs one approval, from neither the commit's author nor the
   * release's publisher}
   */
  private PromotionPipeline notAuthor() {
    return pipeline(ApprovalPolicy.of(1).excludingAuthors());
  }

  /**
   * @param p the pipeline under test
   * @param decisions the approval gate's answers to prod's approval requests, in turn
   * @return a commit deployed through {@code p} to staging, so that prod is next
   */
  private CommitSha onStagingDeciding(PromotionPipeline p, ApprovalDecision... decisions) {
    CommitSha commit = onStaging(t, p);
    for (ApprovalDecision decision : decisions) {
      t.approvals().nextDecision(decision);
    }
    return commit;
  }

  private static DeploymentTarget prod() {
    return DeploymentTarget.of(PROD);
  }

  @Test
  void twoDistinctApprovers_letTheDeployThrough_andAreRecordedWithWhoAndWhen() {
    PromotionPipeline p = pipeline(ApprovalPolicy.of(2));
    CommitSha commit =
        onStagingDeciding(
            p, ApprovalDecision.approvedBy("alice"), ApprovalDecision.approvedBy("bob"));
    clock.advance(Duration.ofMinutes(3));

    p.deploy(prod(), commit);

    assertThat(ledger.current(prod())).isPresent();
    assertThat(ledger.approvals(PROD))
        .extracting(ApprovalRecord::reviewer, ApprovalRecord::at)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "alice", MONDAY_MORNING.plus(Duration.ofMinutes(3))),
            org.assertj.core.groups.Tuple.tuple("bob", MONDAY_MORNING.plus(Duration.ofMinutes(3))));
    List<ApprovalRequest> asked = t.approvals().requests();
    assertThat(asked).hasSize(2);
    assertThat(asked.get(0).required()).isEqualTo(2);
    assertThat(asked.get(0).approvedBy()).isEmpty();
    assertThat(asked.get(1).approvedBy()).containsExactly("alice");
  }

  @Test
  void theSameApproverTwice_countsOnce_andApprovalsAddUpAcrossRuns() {
    PromotionPipeline p = pipeline(ApprovalPolicy.of(2));
    CommitSha commit = onStaging(t, p);
    t.approvals().approveAll("alice");

    assertThatThrownBy(() -> p.deploy(prod(), commit))
        .isInstanceOf(ApprovalMissingException.class)
        .hasMessageContaining("1 of 2 approvals so far (alice): alice approved already");
    assertThat(ledger.current(prod())).isEmpty();
    assertThat(ledger.approvals(PROD))
        .extracting(ApprovalRecord::reviewer)
        .containsExactly("alice");

    // A later run (the job re-run, approved by someone else) adds to what the ledger holds.
    t.approvals().approveAll("bob");
    p.deploy(prod(), commit);

    assertThat(ledger.current(prod())).isPresent();
    assertThat(t.approvals().requests())
        .last()
        .satisfies(r -> assertThat(r.approvedBy()).containsExactly("alice"));
  }

  @Test
  void aRejection_stopsTheDeploy() {
    PromotionPipeline p = pipeline(ApprovalPolicy.of(2));
    CommitSha commit =
        onStagingDeciding(
            p,
            ApprovalDecision.approvedBy("alice"),
            ApprovalDecision.rejectedBy("bob", "not on a Friday"));

    assertThatThrownBy(() -> p.deploy(prod(), commit))
        .isInstanceOf(ApprovalMissingException.class)
        .hasMessageContaining("rejected by bob: not on a Friday");
    assertThat(ledger.current(prod())).isEmpty();
  }

  @Test
  void notAuthor_refusesTheAuthorsApproval() {
    PromotionPipeline p = notAuthor().withAuthors(Authors.commit("mona"));
    CommitSha commit = onStaging(t, p);
    t.approvals().approveAll("mona");

    assertThatThrownBy(() -> p.deploy(prod(), commit))
        .isInstanceOf(ApprovalMissingException.class)
        .hasMessageContaining("mona wrote the commit or published the release");
    assertThat(t.approvals().requests())
        .singleElement()
        .satisfies(r -> assertThat(r.excluded()).isEqualTo(Set.of("mona")));
    assertThat(ledger.approvals(PROD)).isEmpty();

    t.approvals().approveAll("alice");
    p.deploy(prod(), commit);
    assertThat(ledger.current(prod())).isPresent();
  }

  @Test
  void notAuthor_onARelease_refusesThePublishersApproval() {
    PromotionPipeline p = notAuthor().withAuthors(Authors.commit("mona").publishedBy("hubot"));
    CommitSha commit = onDev(t, p);
    t.approvals().approveAll("hubot");

    assertThatThrownBy(() -> p.run(published("1.2.3", commit)))
        .isInstanceOf(ApprovalMissingException.class)
        .hasMessageContaining("hubot wrote the commit or published the release");
    assertThat(ledger.current(target(STAGING))).isPresent();
    assertThat(ledger.current(prod())).isEmpty();
  }

  @Test
  void notAuthor_withTheAuthorUnknown_isRefused_sayingWhatToConfigure() {
    PromotionPipeline p = notAuthor();
    CommitSha commit = onStaging(t, p);

    assertThatThrownBy(() -> p.deploy(prod(), commit))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.getMessage()).contains("the commit's author is unknown");
              assertThat(e.hint()).contains("withAuthors");
            });
    assertThat(t.approvals().requests()).isEmpty();
    assertThat(ledger.current(prod())).isEmpty();
  }

  @Test
  void notAuthor_onAReleaseWithThePublisherUnknown_isRefused() {
    PromotionPipeline p = notAuthor().withAuthors(Authors.commit("mona"));
    CommitSha commit = onDev(t, p);

    assertThatThrownBy(() -> p.run(published("1.2.3", commit)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("the release's publisher is unknown");
  }

  @Test
  void aRollbackToADigestTheEnvironmentRan_asksForApprovalAgain() {
    PromotionPipeline p = pipeline(ApprovalPolicy.of(1));
    CommitSha first = onStaging(t, p);
    p.deploy(prod(), first);
    CommitSha second = onStaging(t, p);
    p.deploy(prod(), second);
    t.approvals().rejectAll("bob", "no");

    assertThatThrownBy(() -> p.rollback(prod())).isInstanceOf(ApprovalMissingException.class);
    assertThat(ledger.current(prod()).orElseThrow().commit()).isEqualTo(second);
  }

  @Test
  void policy_refusesNonsense() {
    assertThatThrownBy(() -> ApprovalPolicy.of(0)).hasMessageContaining("1 or more");
    assertThatThrownBy(() -> new ApprovalPolicy(21, false)).hasMessageContaining("0 to 20");
    assertThatThrownBy(() -> new ApprovalPolicy(0, true)).hasMessageContaining("not-author");
  }
}
