package dev.baton.flow;

import static dev.baton.flow.Events.DEV;
import static dev.baton.flow.Events.PREVIEW;
import static dev.baton.flow.Events.onDev;
import static dev.baton.flow.Events.pr;
import static dev.baton.flow.Events.published;
import static dev.baton.flow.Events.pushToMain;
import static dev.baton.flow.Events.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.baton.CommitSha;
import dev.baton.DeploymentFailedException;
import dev.baton.DeploymentTarget;
import dev.baton.PipelineEvent;
import dev.baton.PipelineEvent.RunFinished;
import dev.baton.PipelineEvent.RunStarted;
import dev.baton.PipelineEvent.StepEvent;
import dev.baton.PullRequestTrigger;
import dev.baton.ReleaseVersion;
import dev.baton.RunId;
import dev.baton.RunResult;
import dev.baton.UpstreamNotDeployedException;
import dev.baton.testkit.TestPipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The run-level events: each run is one {@link RunStarted}, its steps' events and one {@link
 * RunFinished}, all with the run's id, however the run ends and whichever entry point ran it.
 */
class RunEventsTest {
  private final TestPipeline t = TestPipeline.create();

  /** The events grouped by run, in order; checks each run's shape on the way. */
  private Map<RunId, List<PipelineEvent>> runs() {
    Map<RunId, List<PipelineEvent>> runs = new LinkedHashMap<>();
    for (PipelineEvent e : t.events()) {
      runs.computeIfAbsent(e.run(), r -> new ArrayList<>()).add(e);
    }
    runs.values()
        .forEach(
            events -> {
              assertThat(events.get(0)).isInstanceOf(RunStarted.class);
              assertThat(events.get(events.size() - 1)).isInstanceOf(RunFinished.class);
              assertThat(events.subList(1, events.size() - 1))
                  .allMatch(StepEvent.class::isInstance);
            });
    return runs;
  }

  private List<PipelineEvent> onlyRun() {
    Map<RunId, List<PipelineEvent>> runs = runs();
    assertThat(runs).hasSize(1);
    return runs.values().iterator().next();
  }

  private static RunFinished finished(List<PipelineEvent> run) {
    return (RunFinished) run.get(run.size() - 1);
  }

  @Test
  void aRun_startsWithItsTrigger_andFinishesWithItsResult_itsStepsInBetween() {
    CommitSha commit = t.pushBuild();

    RunResult result = t.pipeline().run(pushToMain(commit));

    List<PipelineEvent> run = onlyRun();
    assertThat(((RunStarted) run.get(0)).trigger()).isEqualTo(pushToMain(commit));
    assertThat(finished(run).succeeded()).isTrue();
    assertThat(finished(run).result()).containsSame(result);
    assertThat(finished(run).error()).isEmpty();
    List<PipelineEvent.Started> started =
        run.stream()
            .filter(PipelineEvent.Started.class::isInstance)
            .map(PipelineEvent.Started.class::cast)
            .toList();
    assertThat(started).extracting(StepEvent::action).isEqualTo(result.plan().actions());
    assertThat(run)
        .filteredOn(PipelineEvent.Succeeded.class::isInstance)
        .hasSameSizeAs(result.outcomes());
  }

  @Test
  void aFailedStep_isFollowedByRunFinishedWithTheExceptionThrown() {
    CommitSha commit = t.pushBuild();
    t.deployer().failNext(new DeploymentFailedException("apply failed", List.of("boom"), null));

    Throwable thrown = catchThrowable(() -> t.pipeline().run(pushToMain(commit)));

    List<PipelineEvent> run = onlyRun();
    assertThat(run.get(run.size() - 2))
        .isInstanceOfSatisfying(
            PipelineEvent.Failed.class, f -> assertThat(f.error()).isSameAs(thrown));
    assertThat(finished(run).succeeded()).isFalse();
    assertThat(finished(run).result()).isEmpty();
    assertThat(finished(run).error()).containsSame(thrown);
  }

  @Test
  void aRunRefusedWhilePlanning_isRunStartedThenRunFinished_withNoStep() {
    CommitSha commit = t.pushBuild();

    Throwable thrown = catchThrowable(() -> t.pipeline().run(published("1.0.0", commit)));

    assertThat(thrown).isInstanceOf(UpstreamNotDeployedException.class);
    List<PipelineEvent> run = onlyRun();
    assertThat(run).hasSize(2);
    assertThat(finished(run).error()).containsSame(thrown);
  }

  @Test
  void everyEntryPoint_isOneRunWithItsOwnId() {
    CommitSha commit = onDev(t);
    t.pipeline().execute(t.pipeline().plan(pushToMain(commit)));
    t.pipeline().deploy(target(DEV), commit);
    t.pipeline()
        .promote(DeploymentTarget.of(Events.STAGING), ReleaseVersion.parse("1.0.0"), commit);
    CommitSha second = t.pushBuild();
    t.pipeline().run(pushToMain(second));
    t.pipeline().rollback(target(DEV));
    t.pipeline().run(pr(7, "labeled", "deploy", commit, "deploy"));
    t.pipeline().destroy(DeploymentTarget.pullRequest(PREVIEW, 7));
    t.pipeline().destroyPreview(7);

    Map<RunId, List<PipelineEvent>> runs = runs();

    assertThat(runs).hasSize(9);
    assertThat(runs.values()).allSatisfy(run -> assertThat(finished(run).succeeded()).isTrue());
  }

  @Test
  void runsOnSeveralThreads_keepTheirEventsApartByRunId() {
    List<CommitSha> commits = t.previewsAtOnce(t.pipeline(), 4);

    Map<RunId, List<PipelineEvent>> runs = runs();

    assertThat(runs).hasSize(4);
    assertThat(runs.values())
        .extracting(run -> ((RunStarted) run.get(0)).trigger())
        .extracting(trigger -> ((PullRequestTrigger) trigger).commit())
        .containsExactlyInAnyOrderElementsOf(commits);
  }
}
