package dev.baton;

import dev.baton.internal.Durations;
import dev.baton.spi.ApprovalGate;
import dev.baton.spi.BuildRecord;
import dev.baton.spi.CommitHistory;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.DeploymentVerifier;
import dev.baton.spi.EnvironmentResolver;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.QuarantineRecord;
import dev.baton.spi.ReleaseSource;
import dev.baton.spi.StackDeployer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Build once, promote many: the facade that composes the providers and enforces the flow's
 * invariants, whatever the providers do.
 *
 * <ol>
 *   <li>Every deploy gets a digest-pinned reference ({@code repo:tag@sha256:...}).
 *   <li>One commit, one digest: a build tag that now names another digest than the one recorded for
 *       its commit is a {@link RebuildDetectedException}, and nothing deploys.
 *   <li>Promotion is a registry-side retag; a release tag that names another digest is a {@link
 *       TagConflictException}, and nothing changes.
 *   <li>An environment only runs a digest its {@linkplain Environment#needs() upstream} ran
 *       successfully, and with approval where required.
 *   <li>A per-PR destroy repeats the variables of its deploy.
 *   <li>Every step is idempotent: re-running converges.
 *   <li>A target never moves back to an ancestor of the commit it runs, except by {@link #rollback}
 *       ({@link OlderCommitException}), as far as the {@linkplain Builder#commitHistory commit
 *       history} knows.
 *   <li>Deploys, verifications and destroys of one target, and writes of one tag, run one at a time
 *       under a lease of the {@linkplain Builder#leases lease store}, and the ledger refuses a
 *       write whose lease was lost or whose target changed since it was read ({@link
 *       StaleWriteException}). With the default in-memory store that holds within this process;
 *       with a shared store (DynamoDB, PostgreSQL) across every process that uses it.
 *   <li>An environment takes deploys and approvals only inside its {@linkplain
 *       Environment#windows() windows} and outside its {@linkplain Environment#freezes() freezes}
 *       ({@link DeploymentWindowClosedException}), unless a {@linkplain #withBreakGlass break-glass
 *       override}, recorded, lets them through; and a digest only once each upstream ran it for the
 *       environment's {@linkplain Environment#soak() soak} ({@link SoakIncompleteException}).
 * </ol>
 *
 * <pre>{@code
 * PromotionPipeline pipeline = PromotionPipeline.builder()
 *     .repository(ImageReference.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/shop"))
 *     .registry(ecrRegistry)
 *     .deployer(atmosDeployer)
 *     .releases(githubReleases)
 *     .approvals(githubApprovals)
 *     .listener(PipelineListener.logging())
 *     .build();
 * Plan plan = pipeline.plan(trigger);     // reads only
 * RunResult result = pipeline.run(trigger);
 * }</pre>
 *
 * <p>Immutable and safe for concurrent use. Not {@link AutoCloseable}: what it creates itself (the
 * in-memory ledger, the table resolver) holds no resource, and the providers it was handed stay
 * theirs to close, after the pipeline's last use.
 */
public final class PromotionPipeline {
  private final Wiring wiring;

  private PromotionPipeline(Wiring wiring) {
    this.wiring = wiring;
  }

  /** {@return a builder; {@link Builder#build()} names any missing piece} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the environment table} */
  public Environments environments() {
    return wiring.environments();
  }

  /** {@return the ledger the pipeline records to} */
  public DeploymentLedger ledger() {
    return wiring.ledger();
  }

  /** {@return the image repository builds are pushed to (no tag, no digest)} */
  public ImageReference repository() {
    return wiring.repository();
  }

  /**
   * The same pipeline, whose deploys and approvals go ahead inside freezes and outside deployment
   * windows. Each one it lets through is recorded: the plan's reason names the override and what it
   * overrode, and the run emits a {@link PipelineEvent.BreakGlassUsed}. It applies to every
   * operation of the returned pipeline ({@link #run} of any trigger, {@link #deploy}, {@link
   * #promote}, {@link #rollback}, {@link #execute}), and overrides nothing else.
   *
   * @param override who overrides the windows and why
   * @return a pipeline carrying the override
   */
  public PromotionPipeline withBreakGlass(BreakGlass override) {
    return new PromotionPipeline(
        wiring.withBreakGlass(Objects.requireNonNull(override, "override")));
  }

  /**
   * The same pipeline, knowing who wrote the commit it deploys and who published the release it
   * promotes: an environment whose {@linkplain Environment#approvals() approval policy} is {@link
   * ApprovalPolicy#excludingAuthors() not-author} refuses their approvals, and refuses to deploy at
   * all while the author is unknown.
   *
   * @param authors the commit's author and the release's publisher, as the event names them
   * @return a pipeline carrying them
   */
  public PromotionPipeline withAuthors(Authors authors) {
    return new PromotionPipeline(wiring.withAuthors(Objects.requireNonNull(authors, "authors")));
  }

  /**
   * What {@link #run} would do, with no side effect. Reads the registry to pin digests and the
   * ledger to check the invariants. An environment a policy refuses (a closed window or a freeze, a
   * soak, an upstream that has not run the digest, a quarantine, an older commit) is a {@link Gate}
   * of the plan, with nothing planned for it nor for the environments that need it; running the
   * plan throws the first gate's refusal before any step runs.
   *
   * @param trigger what happened
   * @return the plan, with its gates
   * @throws RebuildDetectedException when the commit's build tag names another digest than the one
   *     recorded for it
   * @throws TagConflictException when the release tag already names another digest
   * @throws NotFoundException when the commit's build is not in the registry
   */
  public Plan plan(Trigger trigger) {
    return plan(trigger, Set.of());
  }

  /**
   * The plan for {@code trigger} in {@code only} these environments: the steps of the others are
   * left out and nothing is read for them, which is how one job of a flow split into jobs (staging
   * in one, prod behind its approval in the next) plans its own part. An environment that {@link
   * Environment#needs() needs} one left out must find the digest already run there, in the ledger.
   *
   * @param trigger what happened
   * @param only the environments to plan; empty for all
   * @return the plan, with its gates
   * @throws ConfigurationException when {@code only} names an environment the pipeline does not
   *     have
   * @see #plan(Trigger)
   */
  public Plan plan(Trigger trigger, Set<EnvironmentName> only) {
    return new Planner(wiring).plan(trigger, false, Set.copyOf(only));
  }

  /**
   * What {@link #run} would do, computed without any call to a provider: digests are unresolved and
   * the invariants are not checked.
   *
   * @param trigger what happened
   * @return the plan
   */
  public Plan planOffline(Trigger trigger) {
    return planOffline(trigger, Set.of());
  }

  /**
   * What {@link #run(Trigger, Set)} would do, computed without any call to a provider.
   *
   * @param trigger what happened
   * @param only the environments to plan; empty for all
   * @return the plan
   * @throws ConfigurationException when {@code only} names an environment the pipeline does not
   *     have
   */
  public Plan planOffline(Trigger trigger, Set<EnvironmentName> only) {
    return new Planner(wiring).plan(trigger, true, Set.copyOf(only));
  }

  /**
   * Plans and executes, step by step, emitting events to the listeners: a {@link
   * PipelineEvent.RunStarted}, each step's events, a {@link PipelineEvent.RunFinished}. On failure,
   * the failing step's event is {@link PipelineEvent.Failed}, the ledger records the failure, the
   * run's last event is a {@link PipelineEvent.RunFinished} with the exception, and the exception
   * is thrown; running again converges.
   *
   * @param trigger what happened
   * @return each step's outcome
   */
  public RunResult run(Trigger trigger) {
    return run(trigger, Set.of());
  }

  /**
   * Plans {@code trigger} in {@code only} these environments, as {@link #plan(Trigger, Set)} does,
   * and executes that plan, as {@link #run(Trigger)} does.
   *
   * @param trigger what happened
   * @param only the environments to run; empty for all
   * @return each step's outcome
   * @throws ConfigurationException when {@code only} names an environment the pipeline does not
   *     have
   */
  public RunResult run(Trigger trigger, Set<EnvironmentName> only) {
    Set<EnvironmentName> scope = Set.copyOf(only);
    return running(
        trigger,
        run -> {
          Planner planner = new Planner(wiring);
          Plan plan = refuseGated(planner.plan(trigger, false, scope));
          return new PlanExecutor(wiring, run, false, planner.resolvedBuilds()).run(plan);
        });
  }

  /**
   * Executes a plan made earlier by {@link #plan} (plan in review, apply later). Each step is
   * checked again as it runs: if a build tag now names another digest than the plan pinned, that is
   * a {@link RebuildDetectedException} and nothing more runs.
   *
   * @param plan a plan from {@link #plan}, not {@link #planOffline}
   * @return each step's outcome
   * @throws PolicyViolationException the first gate's refusal, before any step runs, when the plan
   *     has {@linkplain Plan#gates() gates}
   * @throws IllegalArgumentException when the plan holds an unpinned image (an offline plan)
   */
  public RunResult execute(Plan plan) {
    for (PlannedAction a : plan.actions()) {
      if (a instanceof PlannedAction.OfImage i && !i.image().isPinned()) {
        throw new IllegalArgumentException(
            "plan step \""
                + a
                + "\" has no resolved digest: an"
                + " offline plan cannot be executed; make the plan with plan(trigger)");
      }
    }
    return running(
        plan.trigger(),
        run -> new PlanExecutor(wiring, run, false, Map.of()).run(refuseGated(plan)));
  }

  /**
   * A plan with gates runs nothing: its first gate's refusal is thrown, as the planner threw it
   * before plans had gates.
   */
  private static Plan refuseGated(Plan plan) {
    if (plan.isGated()) {
      throw plan.gates().get(0).refusal();
    }
    return plan;
  }

  /**
   * Records the digest of a commit's build ({@code sha-<commit>} in the repository); the first
   * record stands.
   *
   * @param commit the commit built
   * @return the standing record
   * @throws RebuildDetectedException when the build tag names another digest than the recorded one
   */
  public BuildRecord registerBuild(CommitSha commit) {
    wiring.registerBuild(commit);
    return wiring.ledger().build(commit).orElseThrow();
  }

  /**
   * Deploys a commit's build to one target, with every check {@link #run} makes.
   *
   * @param target where
   * @param commit which commit's build
   * @return the run
   */
  public RunResult deploy(DeploymentTarget target, CommitSha commit) {
    return run(ManualTrigger.deploy(target, commit));
  }

  /**
   * Tags a commit's build as a release (registry-side, no rebuild) and deploys it to {@code target}
   * and the environments that run after it.
   *
   * @param target the first environment releases go to (staging by default)
   * @param version the release tag
   * @param commit the released commit
   * @return the run
   */
  public RunResult promote(DeploymentTarget target, ReleaseVersion version, CommitSha commit) {
    return run(ManualTrigger.release(target, version, commit));
  }

  /**
   * Destroys one target, with the variables its deploy had.
   *
   * @param target what
   * @return the run
   */
  public RunResult destroy(DeploymentTarget target) {
    return run(ManualTrigger.destroy(target));
  }

  /**
   * Destroys a pull request's instance of the first per-PR environment (preview).
   *
   * @param pullRequest the pull request number
   * @return the run
   */
  public RunResult destroyPreview(int pullRequest) {
    Environment preview =
        wiring.environments().all().stream()
            .filter(Environment::isPerPullRequest)
            .findFirst()
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "no environment has one instance per pull" + " request",
                        "add one with Environment.builder(\"preview\").perPullRequest(\"PR_NUMBER\")"));
    return destroy(DeploymentTarget.pullRequest(preview.name(), pullRequest));
  }

  /**
   * Deploys again the digest a target ran before its current one, with approval where required.
   *
   * @param target where
   * @return the run
   * @throws NotFoundException when the ledger knows no earlier digest
   */
  public RunResult rollback(DeploymentTarget target) {
    Plan plan = new Planner(wiring).rollback(target);
    return running(plan.trigger(), run -> new PlanExecutor(wiring, run, true, Map.of()).run(plan));
  }

  /**
   * Destroys the previews (instances of per-pull-request environments) that should no longer run:
   * their pull request is closed or lost the environment's label (the event that should have
   * destroyed them was missed), they stayed idle (no deploy) longer than the environment's {@link
   * PreviewLimits#ttl()}, or they live longer than its {@link PreviewLimits#maxAge()}. Each destroy
   * is a run of its own, with its events, under the preview's lease; a preview whose lease another
   * run holds (a deploy under way) is skipped and reported, never superseded. Safe to run from a
   * schedule while deploys happen, and again: it converges.
   *
   * <pre>{@code
   * SweepReport report = pipeline.sweepPreviews(SweepPolicy.of(pullRequests).dryRun(true));
   * report.with(SweepReport.Outcome.WOULD_DESTROY).forEach(System.out::println);
   * }</pre>
   *
   * @param policy where pull requests are read, and whether this is a dry run
   * @return each active preview, and what happened to it or would on a dry run, with why
   */
  public SweepReport sweepPreviews(SweepPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    return new PreviewSweeper(wiring, this::running).sweep(policy);
  }

  /**
   * Quarantines a digest in the ledger: from now on no environment deploys or promotes it (plans
   * refuse it with a {@link DigestQuarantinedException}, runs already planned refuse it before each
   * step, a {@link #rollback} passes it over), whatever the windows, approvals or a break-glass
   * override say, until it is {@linkplain #release released}. A digest already quarantined keeps
   * its first quarantine.
   *
   * <pre>{@code
   * pipeline.quarantine(Digest.parse("sha256:..."), "alice", "leaks memory under load");
   * }</pre>
   *
   * @param digest the image digest
   * @param who who decides ({@code GITHUB_ACTOR}, the OS user)
   * @param reason why; shown wherever the digest is refused
   * @return the quarantine that stands, stamped with the pipeline's clock
   * @throws UnsupportedLedgerFeatureException when the ledger cannot keep quarantines (GitHub
   *     Deployments)
   */
  public QuarantineRecord quarantine(Digest digest, String who, String reason) {
    return wiring
        .ledger()
        .quarantine(new QuarantineRecord(digest, reason, who, wiring.clock().instant()));
  }

  /**
   * Lifts a digest's quarantine: environments may take it again.
   *
   * @param digest the image digest
   * @param who who decides
   * @param reason why it is known good now
   * @return the quarantine lifted; empty when the digest was not quarantined
   * @throws UnsupportedLedgerFeatureException when the ledger cannot keep quarantines
   */
  public Optional<QuarantineRecord> release(Digest digest, String who, String reason) {
    return wiring
        .ledger()
        .release(new QuarantineRecord(digest, reason, who, wiring.clock().instant()));
  }

  /**
   * Runs {@code body} as one run: {@link PipelineEvent.RunStarted} before it and {@link
   * PipelineEvent.RunFinished} after it, however it ends.
   */
  private RunResult running(Trigger trigger, Function<RunId, RunResult> body) {
    RunId run = RunId.next();
    wiring.emit(new PipelineEvent.RunStarted(run, trigger));
    RunResult result;
    try {
      result = body.apply(run);
    } catch (RuntimeException | Error e) {
      wiring.emit(PipelineEvent.RunFinished.failed(run, e));
      throw e;
    }
    wiring.emit(PipelineEvent.RunFinished.succeeded(run, result));
    return result;
  }

  @Override
  public String toString() {
    return "PromotionPipeline[" + wiring.repository() + ", " + wiring.environments() + "]";
  }

  /** Builds a {@link PromotionPipeline}. Required: repository, registry, deployer. */
  public static final class Builder extends LeaseSettings<Builder> {
    private ImageRegistry registry;
    private StackDeployer deployer;
    private ReleaseSource releases;
    private EnvironmentResolver resolver;
    private Environments environments = Environments.standard();
    private DeploymentLedger ledger;
    private ApprovalGate approvals;
    private DeploymentVerifier verifier;
    private final List<PipelineListener> listeners = new ArrayList<>();
    private ImageReference repository;
    private ImageTagScheme tagScheme = ImageTagScheme.standard();
    private Duration approvalTimeout = Duration.ofHours(24);
    private Duration verifyTimeout = Duration.ofMinutes(10);
    private Clock clock = Clock.systemUTC();
    private CommitHistory history = CommitHistory.UNKNOWN;
    private Duration leasePollInterval = Duration.ofSeconds(2);

    private Builder() {}

    /**
     * @param history how commits relate, which keeps targets from moving back to older commits and
     *     lets waiting runs give way to newer ones; knows nothing by default (nothing is refused
     *     for it). sdk-github answers from a git checkout or GitHub's compare API.
     * @return this builder
     */
    public Builder commitHistory(CommitHistory history) {
      this.history = Objects.requireNonNull(history, "history");
      return this;
    }

    /**
     * @param interval how often a waiting run looks at the queue again (jittered down to half of
     *     it); 2 seconds by default
     * @return this builder
     */
    public Builder leasePollInterval(Duration interval) {
      this.leasePollInterval = Durations.positive(interval, "leasePollInterval");
      return this;
    }

    /**
     * @param clock stamps the default ledger's records, and is the now of deployment windows,
     *     freezes and soaks; the system clock by default
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param registry where builds live
     * @return this builder
     */
    public Builder registry(ImageRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * @param deployer what applies stacks
     * @return this builder
     */
    public Builder deployer(StackDeployer deployer) {
      this.deployer = Objects.requireNonNull(deployer, "deployer");
      return this;
    }

    /**
     * @param releases where draft releases go; needed when an environment drafts releases
     * @return this builder
     */
    public Builder releases(ReleaseSource releases) {
      this.releases = Objects.requireNonNull(releases, "releases");
      return this;
    }

    /**
     * @param resolver replaces the table resolver
     * @return this builder
     */
    public Builder resolver(EnvironmentResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * @param environments the environment table; {@link Environments#standard()} by default
     * @return this
     */
    public Builder environments(Environments environments) {
      this.environments = Objects.requireNonNull(environments, "environments");
      return this;
    }

    /**
     * @param ledger what ran where; in memory by default
     * @return this builder
     */
    public Builder ledger(DeploymentLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /**
     * @param approvals the gate for environments that require approval
     * @return this builder
     */
    public Builder approvals(ApprovalGate approvals) {
      this.approvals = Objects.requireNonNull(approvals, "approvals");
      return this;
    }

    /**
     * @param verifier checks each deploy; none by default
     * @return this builder
     */
    public Builder verifier(DeploymentVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * @param listener receives events; may be called several times
     * @return this builder
     */
    public Builder listener(PipelineListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * @param repository the image repository, e.g. {@code ghcr.io/acme/shop}
     * @return this builder
     */
    public Builder repository(ImageReference repository) {
      this.repository = Objects.requireNonNull(repository, "repository").repositoryOnly();
      return this;
    }

    /**
     * @param tagScheme how builds are tagged; {@code sha-<40>} by default
     * @return this builder
     */
    public Builder tagScheme(ImageTagScheme tagScheme) {
      this.tagScheme = Objects.requireNonNull(tagScheme, "tagScheme");
      return this;
    }

    /**
     * @param timeout how long to wait for approval; 24 hours by default
     * @return this builder
     */
    public Builder approvalTimeout(Duration timeout) {
      this.approvalTimeout = Durations.positive(timeout, "approvalTimeout");
      return this;
    }

    /**
     * @param timeout how long a deploy may take to verify; 10 minutes by default
     * @return this builder
     */
    public Builder verifyTimeout(Duration timeout) {
      this.verifyTimeout = Durations.positive(timeout, "verifyTimeout");
      return this;
    }

    /**
     * @return the pipeline
     * @throws ConfigurationException naming the missing setter
     */
    public PromotionPipeline build() {
      List<String> missing = new ArrayList<>();
      if (repository == null) {
        missing.add("repository(ImageReference) — where builds are pushed");
      }
      if (registry == null) {
        missing.add(
            "registry(ImageRegistry) — e.g. OciImageRegistry (sdk-oci) or"
                + " EcrImageRegistry (sdk-aws)");
      }
      if (deployer == null) {
        missing.add("deployer(StackDeployer) — e.g. AtmosStackDeployer (sdk-atmos)");
      }
      for (Environment e : environments.all()) {
        if (e.draftsRelease() && releases == null) {
          missing.add(
              "releases(ReleaseSource) — environment "
                  + e.name()
                  + " drafts releases; e.g. GitHubReleaseSource (sdk-github)");
        }
        if (e.requiresApproval() && approvals == null) {
          missing.add("approvals(ApprovalGate) — environment " + e.name() + " requires approval");
        }
      }
      if (!missing.isEmpty()) {
        throw new ConfigurationException(
            "PromotionPipeline is missing: "
                + String.join("; ", missing.stream().distinct().toList()),
            "call the named builder methods, or use the testkit's fakes in tests");
      }
      return new PromotionPipeline(
          new Wiring(
              registry,
              deployer,
              releases,
              resolver == null ? new TableEnvironmentResolver(environments) : resolver,
              environments,
              ledger == null ? new InMemoryDeploymentLedger(clock) : ledger,
              approvals,
              verifier,
              listeners.isEmpty() ? List.of(PipelineListener.noop()) : List.copyOf(listeners),
              repository,
              tagScheme,
              approvalTimeout,
              verifyTimeout,
              coordinator(history, leasePollInterval, clock),
              clock,
              null,
              Authors.unknown()));
    }
  }
}
