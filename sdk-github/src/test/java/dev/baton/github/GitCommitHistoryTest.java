package dev.baton.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import dev.baton.spi.CommitOrder;
import dev.baton.testkit.CommitHistoryContract;
import dev.baton.testkit.CommitHistoryContract.HistorySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitCommitHistory} on a repository of the contract's {@link CommitHistoryContract#MERGED}
 * history, with branches {@code main} at {@code m} and {@code feature} at {@code f2}:
 *
 * <pre>
 *   c0 - c1 - c2 - c3 - m      main (m merges feature)
 *          \          /
 *           f1 ---- f2         feature
 * </pre>
 *
 * and on shallow clones of it made by the {@code git} CLI, where commits are missing. The answers
 * every history gives are checked by {@link GitCommitHistoryContractTest}; these are the clone's
 * own cases.
 */
class GitCommitHistoryTest {
  static final PersonIdent AUTHOR = new PersonIdent("Mona Lisa", "mona@example.com");
  @TempDir Path dir;
  @TempDir Path clones;
  Map<String, RevCommit> commits;
  int files;

  @BeforeEach
  void createRepository() throws Exception {
    commits = createRepository(dir, CommitHistoryContract.MERGED);
    try (Git git = Git.open(dir.toFile())) {
      git.branchCreate().setName("feature").setStartPoint(commits.get("f2")).call();
    }
  }

  /**
   * Creates a repository in {@code dir} holding the commits of {@code spec}, each with its parents
   * in the order given and a tree of its own, and points {@code main} at the last one listed.
   *
   * @param dir an empty directory
   * @param spec the commits, each after its parents
   * @return each name's commit
   */
  static Map<String, RevCommit> createRepository(Path dir, HistorySpec spec) throws Exception {
    Map<String, RevCommit> made = new LinkedHashMap<>();
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        ObjectInserter inserter = git.getRepository().newObjectInserter();
        RevWalk walk = new RevWalk(git.getRepository())) {
      for (HistorySpec.Commit c : spec.commits()) {
        TreeFormatter tree = new TreeFormatter();
        tree.append(
            c.name() + ".txt",
            FileMode.REGULAR_FILE,
            inserter.insert(Constants.OBJ_BLOB, c.name().getBytes(StandardCharsets.UTF_8)));
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(inserter.insert(tree));
        commit.setParentIds(c.parents().stream().map(made::get).toList());
        commit.setAuthor(AUTHOR);
        commit.setCommitter(AUTHOR);
        commit.setMessage(c.name());
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        made.put(c.name(), walk.parseCommit(id));
      }
      RefUpdate main = git.getRepository().updateRef("refs/heads/main");
      main.setNewObjectId(made.get(spec.commits().get(spec.commits().size() - 1).name()));
      assertThat(main.forceUpdate()).isIn(RefUpdate.Result.NEW, RefUpdate.Result.FORCED);
    }
    return made;
  }

  private CommitSha sha(String name) {
    return CommitSha.parse(commits.get(name).name());
  }

  @Test
  void answers_agreeWithGitMergeBase_andWithTheGraph() {
    try (GitCommitHistory history = GitCommitHistory.open(dir)) {
      for (String a : commits.keySet()) {
        for (String b : commits.keySet()) {
          boolean aInB = gitIsAncestor(commits.get(a), commits.get(b));
          boolean bInA = gitIsAncestor(commits.get(b), commits.get(a));
          CommitOrder expected =
              a.equals(b)
                  ? CommitOrder.SAME
                  : aInB ? CommitOrder.OLDER : bInA ? CommitOrder.NEWER : CommitOrder.DIVERGED;
          assertThat(history.compare(sha(a), sha(b))).as("%s vs %s", a, b).isEqualTo(expected);
          assertThat(CommitHistoryContract.MERGED.order(a, b))
              .as("the contract's graph, %s vs %s", a, b)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void idOfATreeNotACommit_isUnknown() {
    CommitSha tree = CommitSha.parse(commits.get("c0").getTree().name());
    try (GitCommitHistory history = GitCommitHistory.open(dir)) {
      assertThat(history.compare(tree, sha("c3"))).isEqualTo(CommitOrder.UNKNOWN);
    }
  }

  @Test
  void shallowCloneOfDepthOne_olderCommitIsMissing_isUnknown() {
    Path clone = clone("--depth", "1", "--branch", "main");
    assertThat(compareIn(clone, "c1", "m")).isEqualTo(CommitOrder.UNKNOWN);
    assertThat(compareIn(clone, "m", "c1")).isEqualTo(CommitOrder.UNKNOWN);
  }

  @Test
  void shallowClone_bothPresentButHistoryCutBetween_isUnknownNotDiverged() {
    // The tips of main and feature, each cut off from its parents: diverged or not, this clone
    // cannot tell.
    Path clone = clone("--depth", "1", "--no-single-branch");
    assertThat(git(clone, "cat-file", "-t", commits.get("f2").name())).isEqualTo("commit");
    assertThat(compareIn(clone, "f2", "m")).isEqualTo(CommitOrder.UNKNOWN);
  }

  @Test
  void shallowClone_ancestryWithinTheClone_isStillKnown() {
    Path clone = clone("--depth", "3", "--branch", "main");
    assertThat(compareIn(clone, "c3", "m")).isEqualTo(CommitOrder.OLDER);
    assertThat(compareIn(clone, "m", "c2")).isEqualTo(CommitOrder.NEWER);
    assertThat(compareIn(clone, "c0", "m")).isEqualTo(CommitOrder.UNKNOWN);
  }

  /** How a history of {@code repository}, opened for this one question, relates two commits. */
  private CommitOrder compareIn(Path repository, String a, String b) {
    try (GitCommitHistory history = GitCommitHistory.open(repository)) {
      return history.compare(sha(a), sha(b));
    }
  }

  @Test
  void walkLongerThanTheLimit_isUnknown() {
    try (GitCommitHistory history = GitCommitHistory.open(dir, 2)) {
      assertThat(history.compare(sha("c2"), sha("c3"))).isEqualTo(CommitOrder.OLDER);
      assertThat(history.compare(sha("c0"), sha("m"))).isEqualTo(CommitOrder.UNKNOWN);
    }
    assertThatThrownBy(() -> GitCommitHistory.open(dir, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noRepository_isAConfigurationError() throws IOException {
    Path empty = Files.createDirectories(clones.resolve("empty"));
    assertThatThrownBy(() -> GitCommitHistory.open(empty))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no git repository");
  }

  private Path clone(String... options) {
    Path target = clones.resolve("clone" + files++);
    List<String> args = new ArrayList<>(List.of("clone", "--quiet"));
    args.addAll(List.of(options));
    // --depth is ignored for a plain path; a file:// URL makes git use the real transport.
    args.add(dir.toUri().toString());
    args.add(target.toString());
    git(clones, args.toArray(String[]::new));
    assertThat(target.resolve(".git/shallow")).exists();
    return target;
  }

  private boolean gitIsAncestor(RevCommit a, RevCommit b) {
    return run(dir, "merge-base", "--is-ancestor", a.name(), b.name()).exit() == 0;
  }

  private String git(Path in, String... args) {
    Result r = run(in, args);
    assertThat(r.exit()).as("git %s: %s", String.join(" ", args), r.out()).isZero();
    return r.out();
  }

  private record Result(int exit, String out) {}

  private static Result run(Path in, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", in.toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return new Result(p.waitFor(), out);
    } catch (IOException e) {
      Assumptions.abort("git CLI not available: " + e.getMessage());
      return new Result(-1, "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
