package dev.baton.testkit;

import dev.baton.CommitSha;
import dev.baton.Environments;
import dev.baton.ImageReference;
import dev.baton.ImageTagScheme;
import dev.baton.InMemoryDeploymentLedger;
import dev.baton.PipelineEvent;
import dev.baton.PromotionPipeline;
import dev.baton.PullRequestTrigger;
import dev.baton.internal.Numbers;
import dev.baton.spi.ResolvedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link PromotionPipeline} wired with working fakes of every provider, for a user's own tests:
 *
 * <pre>{@code
 * TestPipeline t = TestPipeline.create();
 * CommitSha commit = t.pushBuild();                 // CI pushed sha-<commit>
 * t.pipeline().run(new PushTrigger("refs/heads/main", commit, "main", false));
 * assertThat(t.deployer().deploys()).hasSize(1);
 * }</pre>
 *
 * Use {@link #builder()} to change the environment table or add providers before building; the
 * fakes stay reachable through the accessors. Also injectable by {@link BatonExtension}.
 */
public final class TestPipeline {
  /** The repository the fakes' builds live in. */
  public static final ImageReference REPOSITORY =
      ImageReference.parse("registry.example.test/acme/shop");

  private final FakeImageRegistry registry = new FakeImageRegistry();
  private final FakeStackDeployer deployer = new FakeStackDeployer();
  private final FakeReleaseSource releases = new FakeReleaseSource();
  private final FakeApprovalGate approvals = new FakeApprovalGate();
  private final InMemoryDeploymentLedger ledger = new InMemoryDeploymentLedger();
  private final List<PipelineEvent> events = new ArrayList<>();
  private final AtomicLong commits = new AtomicLong();
  private PromotionPipeline pipeline;

  private TestPipeline() {}

  /**
   * {@return fakes wired into a pipeline on the {@linkplain Environments#standard() standard}
   * table}
   */
  public static TestPipeline create() {
    return create(Environments.standard());
  }

  /**
   * @param environments the environment table
   * @return fakes wired into a pipeline on that table
   */
  public static TestPipeline create(Environments environments) {
    TestPipeline t = new TestPipeline();
    t.pipeline = t.builder().environments(environments).build();
    return t;
  }

  /**
   * {@return a builder with every fake and an event recorder wired in, to adjust and build
   * yourself}
   */
  public PromotionPipeline.Builder builder() {
    return PromotionPipeline.builder()
        .repository(REPOSITORY)
        .registry(registry)
        .deployer(deployer)
        .releases(releases)
        .approvals(approvals)
        .ledger(ledger)
        .listener(
            e -> {
              synchronized (events) {
                events.add(e);
              }
            });
  }

  /** {@return the pipeline built by {@link #create}} */
  public PromotionPipeline pipeline() {
    return pipeline;
  }

  /** {@return the fake registry} */
  public FakeImageRegistry registry() {
    return registry;
  }

  /** {@return the fake deployer} */
  public FakeStackDeployer deployer() {
    return deployer;
  }

  /** {@return the fake release source} */
  public FakeReleaseSource releases() {
    return releases;
  }

  /** {@return the fake approval gate (approves by default)} */
  public FakeApprovalGate approvals() {
    return approvals;
  }

  /** {@return the ledger} */
  public InMemoryDeploymentLedger ledger() {
    return ledger;
  }

  /** {@return every event the pipeline emitted so far} */
  public List<PipelineEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /**
   * Plays CI: pushes a new image for a new commit under {@code sha-<commit>}.
   *
   * @return the commit
   */
  public CommitSha pushBuild() {
    CommitSha commit = CommitSha.parse(String.format("%040x", commits.incrementAndGet() * 7919));
    pushBuild(commit);
    return commit;
  }

  /**
   * Plays CI: pushes a new image (new content, new digest) under the commit's build tag. Calling it
   * twice for one commit is a rebuild.
   *
   * @param commit the commit built
   * @return the image pushed
   */
  public ResolvedImage pushBuild(CommitSha commit) {
    return registry.pushImage(REPOSITORY.withTag(ImageTagScheme.standard().tagFor(commit)));
  }

  /**
   * Plays {@code count} pull requests labeled {@code deploy} at once: pushes a build for each, then
   * runs each one's preview (pull requests 1 to {@code count}) through {@code pipeline}, each on a
   * thread of its own, all released together and each given a minute. The runs deploy different
   * targets, so none waits for another or races on a moving tag: a check that concurrent runs keep
   * their events, traces or metrics apart.
   *
   * @param pipeline the pipeline to run them on, e.g. one from {@link #builder()} with the listener
   *     under test
   * @param count how many pull requests
   * @return the commits built, the first for pull request 1
   * @throws IllegalArgumentException when {@code count} is not positive
   * @throws IllegalStateException when a run does not finish within its minute
   */
  public List<CommitSha> previewsAtOnce(PromotionPipeline pipeline, int count) {
    final long previewsAtOnceTimeoutSeconds = 60;
    Numbers.positive(count, "count");
    List<CommitSha> built = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      built.add(pushBuild());
    }
    // One thread each, released together: a parallel stream would share the common pool with the
    // caller and, on a machine with few cores, run most of them one after another.
    try {
      Racers.race(
          count,
          previewsAtOnceTimeoutSeconds,
          TimeUnit.SECONDS,
          i -> {
            CommitSha c = built.get(i);
            PullRequestTrigger labeled =
                new PullRequestTrigger(
                    i + 1, "labeled", Set.of("deploy"), "deploy", c, c, false, true);
            return () -> pipeline.execute(pipeline.plan(labeled));
          });
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(count + " previews at once did not all finish", e);
    }
    return List.copyOf(built);
  }
}
