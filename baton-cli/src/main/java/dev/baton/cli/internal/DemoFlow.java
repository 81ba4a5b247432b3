package dev.baton.cli.internal;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.Environments;
import dev.baton.ImageReference;
import dev.baton.InMemoryDeploymentLedger;
import dev.baton.PipelineListener;
import dev.baton.PromotionPipeline;
import dev.baton.PullRequestTrigger;
import dev.baton.PushTrigger;
import dev.baton.ReleaseTrigger;
import dev.baton.ReleaseVersion;
import dev.baton.RunResult;
import dev.baton.Trigger;
import dev.baton.spi.ApprovalDecision;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.Release;
import dev.baton.spi.StackDeployer;
import dev.baton.testkit.FakeApprovalGate;
import dev.baton.testkit.FakeReleaseSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The seed's whole flow, run for real on local parts: a git repository for the commits, a registry
 * CI pushes to, a deployer, an in-memory release source and ledger, and the {@link
 * PromotionPipeline} in the middle deciding and checking every step.
 *
 * <ol>
 *   <li>pull request #1 opened with the {@code deploy} label: its merge commit's build goes to
 *       preview, instance #1;
 *   <li>the label is removed: preview #1 is destroyed, with {@code PR_NUMBER=1} again;
 *   <li>the pull request is merged (GitHub sends {@code closed}): nothing left to destroy;
 *   <li>the push to {@code main}: the merge commit's build goes to dev, {@code latest} moves to it,
 *       and the draft release is created at that commit;
 *   <li>the draft is published: the build is retagged with the release tag (no rebuild) and
 *       deployed to staging, then, once approved, to prod.
 * </ol>
 */
public final class DemoFlow {
  /** The pull request the demo opens. */
  public static final int PULL_REQUEST = 1;

  static final String BRANCH = "feature/greeting";
  static final String REVIEWER = "demo-reviewer";

  private final DemoSetup setup;
  private final PrintStream out;
  private final ProgressPrinter progress;
  private final Optional<PipelineListener> telemetry;

  /**
   * @param setup the parts to run on
   * @param out where progress goes
   * @param progress prints the pipeline's steps
   */
  public DemoFlow(DemoSetup setup, PrintStream out, ProgressPrinter progress) {
    this(setup, out, progress, Optional.empty());
  }

  /**
   * @param setup registry, CI and deployer
   * @param out where the steps are printed
   * @param progress prints each step as it happens
   * @param telemetry another listener to every run, e.g. OpenTelemetry's, or empty
   */
  public DemoFlow(
      DemoSetup setup,
      PrintStream out,
      ProgressPrinter progress,
      Optional<PipelineListener> telemetry) {
    this.setup = Objects.requireNonNull(setup, "setup");
    this.out = Objects.requireNonNull(out, "out");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
  }

  /**
   * Runs the five steps.
   *
   * @param workDir an empty directory for the git repository
   * @return what ran and where everything stands
   */
  public Result run(Path workDir) {
    Environments table = Environments.standard();
    FakeReleaseSource releases = new FakeReleaseSource();
    FakeApprovalGate approvals = new FakeApprovalGate();
    InMemoryDeploymentLedger ledger = new InMemoryDeploymentLedger();
    ImageReference repository = setup.repository();
    List<RunResult> runs = new ArrayList<>();
    PromotionPipeline.Builder builder =
        PromotionPipeline.builder()
            .repository(repository)
            .registry(setup.registry())
            .deployer(setup.deployer())
            .releases(releases)
            .approvals(approvals)
            .ledger(ledger)
            .environments(table)
            .listener(progress);
    telemetry.ifPresent(builder::listener);
    PromotionPipeline pipeline = builder.build();
    try (DemoRepository git = DemoRepository.create(workDir.resolve("repo"))) {
      out.println("git repository: " + git.directory());
      out.println("registry:       " + setup.registryDescription());
      out.println("deployer:       " + setup.deployerDescription());
      out.println("releases:       in memory (testkit FakeReleaseSource); ledger: in memory");
      out.println();

      // 1. A pull request with the deploy label: CI builds GitHub's merge commit.
      CommitSha head =
          git.commitOnBranch(
              BRANCH,
              "app/greeting.go",
              "package main\n\nconst greeting = \"hello, baton\"\n",
              "Add a greeting");
      CommitSha prMerge = git.testMerge(PULL_REQUEST, BRANCH);
      step(
          1,
          "Pull request #"
              + PULL_REQUEST
              + " opened with label \"deploy\" (head "
              + head.shortForm()
              + ")");
      build(repository, prMerge, "the pull request's merge commit");
      runs.add(
          run(
              pipeline,
              new PullRequestTrigger(
                  PULL_REQUEST, "opened", Set.of("deploy"), "", head, prMerge, false, true)));

      // 2. The label is removed: the preview goes, with the same PR_NUMBER.
      step(2, "Label \"deploy\" removed from pull request #" + PULL_REQUEST);
      runs.add(
          run(
              pipeline,
              new PullRequestTrigger(
                  PULL_REQUEST, "unlabeled", Set.of(), "deploy", head, prMerge, false, true)));

      // 3. Merged: GitHub closes the pull request; the cleanup finds nothing left.
      CommitSha merged = git.mergePullRequest(PULL_REQUEST, BRANCH);
      step(3, "Pull request #" + PULL_REQUEST + " merged into main as " + merged.shortForm());
      runs.add(
          run(
              pipeline,
              new PullRequestTrigger(
                  PULL_REQUEST, "closed", Set.of(), "", head, prMerge, true, false)));

      // 4. The push to main: CI builds the merge commit; dev, latest, draft release.
      step(4, "Push to main at " + merged.shortForm());
      build(repository, merged, "main");
      runs.add(
          run(
              pipeline,
              new PushTrigger(
                  "refs/heads/" + DemoRepository.MAIN, merged, DemoRepository.MAIN, false)));
      Release draft =
          releases.releases().stream()
              .filter(Release::draft)
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("the push to main drafted no release"));

      // 5. A human publishes the draft: GitHub creates the tag; promote, staging, approval, prod.
      Release published = releases.publish(draft.version());
      git.tag(published.version(), published.commit());
      CommitSha tagged = git.commitOfTag(published.version());
      step(
          5,
          "Release "
              + published.version()
              + " (\""
              + published.name()
              + "\") published;"
              + " tag "
              + published.version()
              + " -> "
              + tagged.shortForm());
      approvals.nextDecision(ApprovalDecision.approvedBy(REVIEWER));
      out.println("      prod requires approval; " + REVIEWER + " will approve it");
      runs.add(
          run(
              pipeline,
              new ReleaseTrigger("published", published.version(), tagged, false, false)));

      List<EnvironmentRow> rows = EnvironmentRow.fromLedger(table, ledger);
      return new Result(
          List.copyOf(runs),
          rows,
          table,
          repository,
          setup.registry(),
          releases,
          approvals,
          published.version(),
          prMerge,
          merged);
    }
  }

  private RunResult run(PromotionPipeline pipeline, Trigger trigger) {
    RunResult r = pipeline.run(trigger);
    if (r.plan().isEmpty()) {
      out.println("      nothing to do: " + ConsoleText.line(r.plan().reason()));
    }
    return r;
  }

  private void build(ImageReference repository, CommitSha commit, String what) {
    ImageReference ref = repository.withTag(dev.baton.ImageTagScheme.standard().tagFor(commit));
    Digest d = setup.ci().push(ref);
    out.println(
        "      CI built "
            + what
            + " "
            + commit.shortForm()
            + " and pushed "
            + ref.tag().orElseThrow().value()
            + " = "
            + d);
  }

  private void step(int n, String title) {
    out.println();
    out.println("[" + n + "/5] " + title);
  }

  /**
   * What the demo runs on.
   *
   * @param repository the image repository
   * @param registry the registry the pipeline reads and tags
   * @param ci pushes builds, as CI would
   * @param deployer the deployer
   * @param registryDescription one line saying which registry runs
   * @param deployerDescription one line saying which deployer runs
   */
  public record DemoSetup(
      ImageReference repository,
      ImageRegistry registry,
      DemoCi ci,
      StackDeployer deployer,
      String registryDescription,
      String deployerDescription) {}

  /** Plays CI: pushes a new image for a commit under its build tag. */
  @FunctionalInterface
  public interface DemoCi {
    /**
     * @param reference the repository and build tag
     * @return the digest of the image pushed
     */
    Digest push(ImageReference reference);
  }

  /**
   * Where the demo ended.
   *
   * @param runs each step's run
   * @param rows what runs where, per the ledger
   * @param table the environment table
   * @param repository the image repository
   * @param registry the registry
   * @param releases the release source
   * @param approvals the approval gate
   * @param release the release published
   * @param pullRequestBuild the pull request's merge commit
   * @param mainCommit the commit merged to main and released
   */
  public record Result(
      List<RunResult> runs,
      List<EnvironmentRow> rows,
      Environments table,
      ImageReference repository,
      ImageRegistry registry,
      FakeReleaseSource releases,
      FakeApprovalGate approvals,
      ReleaseVersion release,
      CommitSha pullRequestBuild,
      CommitSha mainCommit) {

    /** {@return the target of the demo's pull request in preview} */
    public DeploymentTarget previewTarget() {
      return DeploymentTarget.pullRequest(dev.baton.EnvironmentName.parse("preview"), PULL_REQUEST);
    }

    /** {@return how many drafts were created (the flow must never create a second)} */
    public int draftsCreated() {
      return releases.creates();
    }

    /** {@return the release as the release source holds it now} */
    public Release publishedRelease() {
      return releases.release(release).orElseThrow();
    }
  }
}
