package dev.baton;

import dev.baton.spi.ApprovalGate;
import dev.baton.spi.CommitOrder;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.DeploymentVerifier;
import dev.baton.spi.EnvironmentResolver;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.ReleaseSource;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.StackDeployer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers and settings of one {@link PromotionPipeline}, shared by its planner and executor.
 * {@code releases}, {@code approvals} and {@code verifier} may be null when the table needs none;
 * {@code breakGlass} is null unless the pipeline carries an override; {@code authors} is {@link
 * Authors#unknown()} unless the pipeline was given them.
 */
record Wiring(
    ImageRegistry registry,
    StackDeployer deployer,
    ReleaseSource releases,
    EnvironmentResolver resolver,
    Environments environments,
    DeploymentLedger ledger,
    ApprovalGate approvals,
    DeploymentVerifier verifier,
    List<PipelineListener> listeners,
    ImageReference repository,
    ImageTagScheme tagScheme,
    Duration approvalTimeout,
    Duration verifyTimeout,
    LeaseCoordinator leases,
    Clock clock,
    BreakGlass breakGlass,
    Authors authors) {
  private static final Logger LOG = LoggerFactory.getLogger(PromotionPipeline.class);

  /** Looks a commit's build up by its tags, in the scheme's order. */
  Optional<ResolvedImage> findBuild(CommitSha commit) {
    for (Tag tag : tagScheme.lookupTags(commit)) {
      Optional<ResolvedImage> found = registry.resolve(repository.withTag(tag));
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * The commit's build, checked against the digest recorded for it (invariant 2), without recording
   * anything.
   */
  ResolvedImage checkedBuild(CommitSha commit) {
    ResolvedImage image =
        findBuild(commit)
            .orElseThrow(
                () -> NotFoundException.image(repository.withTag(tagScheme.tagFor(commit))));
    ledger
        .build(commit)
        .ifPresent(
            recorded -> {
              if (!recorded.digest().equals(image.digest())) {
                throw new RebuildDetectedException(commit, recorded.digest(), image.digest());
              }
            });
    return image;
  }

  /** {@link #checkedBuild}, then records the digest as the commit's (first writer wins). */
  ResolvedImage registerBuild(CommitSha commit) {
    return record(commit, checkedBuild(commit));
  }

  /** Records an already resolved build as the commit's (first writer wins), refusing a rebuild. */
  ResolvedImage record(CommitSha commit, ResolvedImage image) {
    var standing = ledger.recordBuild(commit, image.pinned());
    if (!standing.digest().equals(image.digest())) {
      throw new RebuildDetectedException(commit, standing.digest(), image.digest());
    }
    return image;
  }

  /** The per-deploy variables of a target: the pull request number for a per-PR environment. */
  Map<String, String> variables(Environment env, DeploymentTarget target) {
    Map<String, String> vars = new HashMap<>();
    if (env.isPerPullRequest()) {
      if (!target.isPerPullRequest()) {
        throw new ConfigurationException(
            "environment "
                + env.name()
                + " has one instance per pull request, but no pull request was given",
            "target it with DeploymentTarget.pullRequest(" + env.name() + ", number)");
      }
      vars.put(env.pullRequestVariable(), target.instance());
    }
    return vars;
  }

  /**
   * Invariant 4: every environment {@code env} needs must already have run {@code digest}
   * successfully, either in the ledger or earlier in this plan.
   */
  void checkUpstream(Environment env, Digest digest, Map<EnvironmentName, Digest> earlierInPlan) {
    for (EnvironmentName upstream : env.needs()) {
      if (digest.equals(earlierInPlan.get(upstream)) || ledger.hasSucceeded(upstream, digest)) {
        continue;
      }
      throw new UpstreamNotDeployedException(env.name(), upstream, digest);
    }
  }

  /**
   * A quarantined digest goes nowhere (no override lets it through): checked when planning, and
   * again before each step that would deploy, approve or tag it, since another process may
   * quarantine it in between.
   *
   * @param what what would be done, for the message: "deploy to prod"
   * @throws DigestQuarantinedException when the ledger has the digest quarantined
   */
  void checkNotQuarantined(Digest digest, String what) {
    ledger
        .quarantined(digest)
        .ifPresent(
            q -> {
              throw new DigestQuarantinedException(what, q);
            });
  }

  /** The same wiring with a break-glass override, or none for {@code null}. */
  Wiring withBreakGlass(BreakGlass override) {
    return with(override, authors);
  }

  /** The same wiring with the run's commit author and release publisher. */
  Wiring withAuthors(Authors who) {
    return with(breakGlass, who);
  }

  private Wiring with(BreakGlass override, Authors who) {
    return new Wiring(
        registry,
        deployer,
        releases,
        resolver,
        environments,
        ledger,
        approvals,
        verifier,
        listeners,
        repository,
        tagScheme,
        approvalTimeout,
        verifyTimeout,
        leases,
        clock,
        override,
        who);
  }

  /**
   * The environment's windows and freezes, at the pipeline clock's now: refused when it is closed,
   * unless the pipeline carries a break-glass override.
   *
   * @return the refusal the override let through; empty when the environment is open
   * @throws DeploymentWindowClosedException when it is closed and there is no override
   */
  Optional<String> checkWindow(Environment env) {
    Optional<DeploymentWindowClosedException> closed = env.closedAt(clock.instant());
    if (closed.isPresent() && breakGlass == null) {
      throw closed.get();
    }
    return closed.map(DeploymentWindowClosedException::getMessage);
  }

  /**
   * Each environment {@code env} needs must have run {@code digest} successfully for the
   * environment's soak, up to the pipeline clock's now, measured from the ledger's time of that
   * deployment (for one since made inactive, the time it was made inactive, no earlier than its
   * success). A run in this same plan has soaked for no time.
   *
   * @param deferred upstream environments to skip, each with the digest it runs earlier in the
   *     plan: the planner leaves their soak to the executor, so that the steps before it run (as a
   *     missing approval stops a release before prod, not before staging)
   */
  void checkSoak(Environment env, Digest digest, Map<EnvironmentName, Digest> deferred) {
    if (env.soak().compareTo(Duration.ZERO) <= 0) {
      return;
    }
    Instant now = clock.instant();
    for (EnvironmentName upstream : env.needs()) {
      if (digest.equals(deferred.get(upstream))) {
        continue;
      }
      Duration ran =
          ledger.history(upstream).stream()
              .filter(
                  d ->
                      d.digest().equals(digest)
                          && (d.state() == DeploymentState.SUCCESS
                              || d.state() == DeploymentState.INACTIVE))
              .map(DeploymentRecord::updatedAt)
              .min(Comparator.naturalOrder())
              .map(since -> Duration.between(since, now))
              .filter(d -> !d.isNegative())
              .orElse(Duration.ZERO);
      if (ran.compareTo(env.soak()) < 0) {
        throw new SoakIncompleteException(
            env.name(), upstream, digest, env.soak(), env.soak().minus(ran));
      }
    }
  }

  /**
   * An environment never moves back to an ancestor of the commit it runs, except by a rollback:
   * checked when planning and again under the target's lease.
   */
  void checkNotOlder(
      DeploymentTarget target, CommitSha commit, Optional<DeploymentRecord> current) {
    if (current.isPresent()
        && leases.history().compare(commit, current.get().commit()) == CommitOrder.OLDER) {
      throw new OlderCommitException(target, commit, current.get().commit());
    }
  }

  /** Sends an event to every listener; a listener that throws is logged and skipped. */
  void emit(PipelineEvent event) {
    for (PipelineListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn(
            "pipeline listener {} threw on {}; ignored", l, event.getClass().getSimpleName(), e);
      }
    }
  }
}
