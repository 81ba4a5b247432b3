package dev.baton.cli.internal;

import dev.baton.CommitSha;
import dev.baton.ProviderException;
import dev.baton.ReleaseVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.FS;

/**
 * The demo's git repository: a real repository in a directory, made with JGit, whose commits give
 * the SHAs that images are tagged with. It plays GitHub's part too: the test merge commit of a pull
 * request ({@code refs/pull/N/merge}), the merge into {@code main}, and the release tag.
 */
final class DemoRepository implements AutoCloseable {
  static final String MAIN = "main";

  private final Git git;
  private final AtomicInteger clock = new AtomicInteger();
  private final Instant start = Instant.now();

  static {
    // JGit measures the file system's timestamp resolution on first use, which takes seconds;
    // in the background, the demo does not wait for it (its commits are a second apart anyway).
    FS.FileStoreAttributes.setBackground(true);
  }

  private DemoRepository(Git git) {
    this.git = git;
  }

  /**
   * @param dir an empty directory
   * @return a repository on {@code main} with one commit
   */
  static DemoRepository create(Path dir) {
    try {
      Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(MAIN).call();
      DemoRepository r = new DemoRepository(git);
      r.write("app/main.go", "package main\n\nfunc main() { println(\"hello\") }\n");
      r.write("README.md", "# shop\n");
      r.commit("Initial commit");
      return r;
    } catch (GitAPIException e) {
      throw failure("create the demo repository in " + dir, e);
    }
  }

  /** The working tree. */
  Path directory() {
    return git.getRepository().getWorkTree().toPath();
  }

  /**
   * Creates a branch from {@code main} and commits a change on it.
   *
   * @param branch the branch
   * @param file a file to write
   * @param content its content
   * @param message the commit message
   * @return the new head of the branch
   */
  CommitSha commitOnBranch(String branch, String file, String content, String message) {
    try {
      git.checkout().setName(MAIN).call();
      git.checkout().setCreateBranch(true).setName(branch).call();
      write(file, content);
      CommitSha head = commit(message);
      git.checkout().setName(MAIN).call();
      return head;
    } catch (GitAPIException e) {
      throw failure("commit on " + branch, e);
    }
  }

  /**
   * What GitHub computes for a pull request: the merge of its branch into {@code main}, kept at
   * {@code refs/pull/N/merge} and not on {@code main}. This is the commit {@code github.sha} names
   * on {@code pull_request} events, so it is the one CI builds.
   *
   * @param number the pull request number
   * @param branch its branch
   * @return the test merge commit
   */
  CommitSha testMerge(int number, String branch) {
    String scratch = "pull-" + number + "-merge";
    try {
      git.checkout().setName(MAIN).call();
      git.checkout().setCreateBranch(true).setName(scratch).call();
      CommitSha merge = merge(branch, "Merge " + branch + " into " + MAIN);
      RefUpdate u = git.getRepository().updateRef("refs/pull/" + number + "/merge");
      u.setNewObjectId(ObjectId.fromString(merge.value()));
      u.setForceUpdate(true);
      u.update();
      git.checkout().setName(MAIN).call();
      git.branchDelete().setBranchNames(scratch).setForce(true).call();
      return merge;
    } catch (GitAPIException | IOException e) {
      throw failure("compute the merge commit of pull request #" + number, e);
    }
  }

  /**
   * Merges a pull request's branch into {@code main} with a merge commit, as GitHub's merge button.
   *
   * @param number the pull request number
   * @param branch its branch
   * @return the merge commit, now the head of {@code main}
   */
  CommitSha mergePullRequest(int number, String branch) {
    try {
      git.checkout().setName(MAIN).call();
      return merge(branch, "Merge pull request #" + number + " from " + branch);
    } catch (GitAPIException e) {
      throw failure("merge pull request #" + number, e);
    }
  }

  /**
   * Creates the annotated release tag, as publishing a GitHub release does.
   *
   * @param version the release tag
   * @param commit where it points
   */
  void tag(ReleaseVersion version, CommitSha commit) {
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(commit.value()));
      git.tag()
          .setName(version.tag())
          .setObjectId(c)
          .setAnnotated(true)
          .setSigned(false)
          .setMessage("Release " + version)
          .setTagger(ident())
          .call();
    } catch (GitAPIException | IOException e) {
      throw failure("tag " + version, e);
    }
  }

  /**
   * @param version a release tag
   * @return the commit it points at, following the annotated tag
   */
  CommitSha commitOfTag(ReleaseVersion version) {
    try {
      ObjectId id = git.getRepository().resolve("refs/tags/" + version.tag() + "^{commit}");
      if (id == null) {
        throw new IllegalStateException("tag " + version + " does not exist");
      }
      return CommitSha.parse(id.name());
    } catch (IOException e) {
      throw failure("resolve tag " + version, e);
    }
  }

  private CommitSha merge(String branch, String message) throws GitAPIException {
    try {
      MergeResult r =
          git.merge()
              .include(git.getRepository().resolve(branch))
              .setFastForward(MergeCommand.FastForwardMode.NO_FF)
              .setCommit(false)
              .call();
      if (!r.getMergeStatus().isSuccessful()) {
        throw new IllegalStateException("merge of " + branch + ": " + r.getMergeStatus());
      }
      return commit(message);
    } catch (IOException e) {
      throw failure("merge " + branch, e);
    }
  }

  private CommitSha commit(String message) throws GitAPIException {
    git.add().addFilepattern(".").call();
    RevCommit c =
        git.commit()
            .setMessage(message)
            .setAuthor(ident())
            .setCommitter(ident())
            .setSign(false)
            .call();
    return CommitSha.parse(c.getId().name());
  }

  /** A fixed author, a second apart per commit, so no user configuration is read. */
  private PersonIdent ident() {
    return new PersonIdent(
        "Baton Demo",
        "demo@baton.invalid",
        start.plusSeconds(clock.incrementAndGet()),
        ZoneOffset.UTC);
  }

  private void write(String file, String content) {
    try {
      Path p = directory().resolve(file);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw failure("write " + file, e);
    }
  }

  private static ProviderException failure(String what, Exception e) {
    return ProviderException.permanent(
        "demo git repository: cannot " + what + ": " + e.getMessage(),
        "check that the temporary directory is writable",
        e);
  }

  @Override
  public void close() {
    git.close();
  }
}
