package dev.baton.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import dev.baton.spi.CommitOrder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitCommitHistory} on a repository this test creates:
 *
 * <pre>
 *   c0 - c1 - c2 - c3 - m      main (m merges feature)
 *          \          /
 *           f1 ---- f2         feature
 * </pre>
 *
 * and on shallow clones of it made by the {@code git} CLI, where commits are missing.
 */
class GitCommitHistoryTest {
  @TempDir Path dir;
  @TempDir Path clones;
  final PersonIdent author = new PersonIdent("Mona Lisa", "mona@example.com");
  final List<RevCommit> main = new ArrayList<>();
  RevCommit f1;
  RevCommit f2;
  RevCommit merge;
  int files;

  @BeforeEach
  void createRepository() throws Exception {
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      main.add(commit(git, "c0"));
      main.add(commit(git, "c1"));
      git.checkout().setCreateBranch(true).setName("feature").call();
      f1 = commit(git, "f1");
      f2 = commit(git, "f2");
      git.checkout().setName("main").call();
      main.add(commit(git, "c2"));
      main.add(commit(git, "c3"));
      MergeResult r = git.merge().include(f2).setMessage("Merge feature").setCommit(true).call();
      assertThat(r.getMergeStatus().isSuccessful()).as(r.toString()).isTrue();
      try (var walk = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository())) {
        merge = walk.parseCommit(r.getNewHead());
      }
    }
  }

  private RevCommit commit(Git git, String message) throws Exception {
    Files.writeString(dir.resolve("file" + files++ + ".txt"), message);
    git.add().addFilepattern(".").call();
    return git.commit().setMessage(message).setAuthor(author).setCommitter(author).call();
  }

  static CommitSha sha(RevCommit c) {
    return CommitSha.parse(c.name());
  }

  @Test
  void ancestor_isOlder_descendant_isNewer() {
    try (GitCommitHistory history = GitCommitHistory.open(dir)) {
      assertThat(history.compare(sha(main.get(0)), sha(main.get(3)))).isEqualTo(CommitOrder.OLDER);
      assertThat(history.compare(sha(main.get(3)), sha(main.get(1)))).isEqualTo(CommitOrder.NEWER);
      assertThat(history.compare(sha(main.get(2)), sha(main.get(2)))).isEqualTo(CommitOrder.SAME);
    }
  }

  @Test
  void branches_haveDiverged_untilMerged() {
    try (GitCommitHistory history = GitCommitHistory.open(dir)) {
      assertThat(history.compare(sha(main.get(3)), sha(f2))).isEqualTo(CommitOrder.DIVERGED);
      assertThat(history.compare(sha(f1), sha(main.get(2)))).isEqualTo(CommitOrder.DIVERGED);
      assertThat(history.compare(sha(f2), sha(merge))).isEqualTo(CommitOrder.OLDER);
      assertThat(history.compare(sha(merge), sha(f1))).isEqualTo(CommitOrder.NEWER);
      assertThat(history.compare(sha(main.get(0)), sha(f2))).isEqualTo(CommitOrder.OLDER);
    }
  }

  @Test
  void answers_agreeWithGitMergeBase() {
    List<RevCommit> all = new ArrayList<>(main);
    all.addAll(List.of(f1, f2, merge));
    try (GitCommitHistory history = GitCommitHistory.open(dir)) {
      for (RevCommit a : all) {
        for (RevCommit b : all) {
          boolean aInB = gitIsAncestor(a, b);
          boolean bInA = gitIsAncestor(b, a);
          CommitOrder expected =
              a.equals(b)
                  ? CommitOrder.SAME
                  : aInB ? CommitOrder.OLDER : bInA ? CommitOrder.NEWER : CommitOrder.DIVERGED;
          assertThat(history.compare(sha(a), sha(b)))
              .as("%s vs %s", a.getShortMessage(), b.getShortMessage())
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void commitNotInTheClone_isUnknown() {
    CommitSha absent = CommitSha.parse("0123456789abcdef0123456789abcdef01234567");
    try (GitCommitHistory history = GitCommitHistory.open(dir)) {
      assertThat(history.compare(absent, sha(main.get(3)))).isEqualTo(CommitOrder.UNKNOWN);
      assertThat(history.compare(sha(main.get(3)), absent)).isEqualTo(CommitOrder.UNKNOWN);
    }
  }

  @Test
  void idOfATreeNotACommit_isUnknown() {
    CommitSha tree = CommitSha.parse(main.get(0).getTree().name());
    try (GitCommitHistory history = GitCommitHistory.open(dir)) {
      assertThat(history.compare(tree, sha(main.get(3)))).isEqualTo(CommitOrder.UNKNOWN);
    }
  }

  @Test
  void shallowCloneOfDepthOne_olderCommitIsMissing_isUnknown() throws Exception {
    Path clone = clone("--depth", "1", "--branch", "main");
    try (GitCommitHistory history = GitCommitHistory.open(clone)) {
      assertThat(history.compare(sha(main.get(1)), sha(merge))).isEqualTo(CommitOrder.UNKNOWN);
      assertThat(history.compare(sha(merge), sha(main.get(1)))).isEqualTo(CommitOrder.UNKNOWN);
    }
  }

  @Test
  void shallowClone_bothPresentButHistoryCutBetween_isUnknownNotDiverged() throws Exception {
    // The tips of main and feature, each cut off from its parents: diverged or not, this clone
    // cannot tell.
    Path clone = clone("--depth", "1", "--no-single-branch");
    assertThat(git(clone, "cat-file", "-t", f2.name())).isEqualTo("commit");
    try (GitCommitHistory history = GitCommitHistory.open(clone)) {
      assertThat(history.compare(sha(f2), sha(merge))).isEqualTo(CommitOrder.UNKNOWN);
    }
  }

  @Test
  void shallowClone_ancestryWithinTheClone_isStillKnown() throws Exception {
    Path clone = clone("--depth", "3", "--branch", "main");
    try (GitCommitHistory history = GitCommitHistory.open(clone)) {
      assertThat(history.compare(sha(main.get(3)), sha(merge))).isEqualTo(CommitOrder.OLDER);
      assertThat(history.compare(sha(merge), sha(main.get(2)))).isEqualTo(CommitOrder.NEWER);
      assertThat(history.compare(sha(main.get(0)), sha(merge))).isEqualTo(CommitOrder.UNKNOWN);
    }
  }

  @Test
  void walkLongerThanTheLimit_isUnknown() {
    try (GitCommitHistory history = GitCommitHistory.open(dir, 2)) {
      assertThat(history.compare(sha(main.get(2)), sha(main.get(3)))).isEqualTo(CommitOrder.OLDER);
      assertThat(history.compare(sha(main.get(0)), sha(merge))).isEqualTo(CommitOrder.UNKNOWN);
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
