package dev.baton.github;

import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import dev.baton.NotFoundException;
import dev.baton.ProviderException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A local git checkout, read with JGit: the commit it is at (full SHA), whether its working tree is
 * dirty, and the commits between two tags for release notes.
 *
 * <pre>{@code
 * try (GitCheckout checkout = GitCheckout.open(Path.of("."))) {
 *   CheckoutState state = checkout.state();
 *   if (state.dirty()) {
 *     throw new IllegalStateException("uncommitted changes: " + state.changes());
 *   }
 *   List<GitCommit> notes = checkout.commitsBetween("1.1.0", "1.2.0");
 * }
 * }</pre>
 *
 * <p>Not safe for concurrent use; close it to release the repository.
 */
public final class GitCheckout implements AutoCloseable {
  private final Repository repository;
  private final Path directory;

  private GitCheckout(Repository repository, Path directory) {
    this.repository = repository;
    this.directory = directory;
  }

  /**
   * @param directory the checkout's directory or any directory below it
   * @return the checkout
   * @throws ConfigurationException when no git repository contains the directory
   */
  public static GitCheckout open(Path directory) {
    return new GitCheckout(repository(directory), directory);
  }

  /**
   * @param directory a repository's directory or any directory below it
   * @return the repository, open; the caller closes it
   * @throws ConfigurationException when no git repository contains the directory
   */
  static Repository repository(Path directory) {
    Objects.requireNonNull(directory, "directory");
    FileRepositoryBuilder builder =
        new FileRepositoryBuilder()
            .readEnvironment()
            .findGitDir(directory.toAbsolutePath().toFile());
    if (builder.getGitDir() == null) {
      throw new ConfigurationException(
          "no git repository at or above " + directory,
          "run from a checkout (actions/checkout) or pass the checkout's directory");
    }
    try {
      return builder.build();
    } catch (IOException e) {
      throw new ConfigurationException(
          "cannot open the git repository at " + builder.getGitDir() + ": " + e.getMessage(),
          "check the .git directory",
          e);
    }
  }

  /**
   * @return the full SHA of {@code HEAD}
   * @throws ConfigurationException when the repository has no commit yet
   */
  public CommitSha head() {
    try {
      ObjectId head = repository.resolve("HEAD^{commit}");
      if (head == null) {
        throw new ConfigurationException(
            "the repository at " + directory + " has no commit yet", "commit something first");
      }
      return CommitSha.parse(head.name());
    } catch (IOException e) {
      throw failure("read HEAD", e);
    }
  }

  /**
   * @return the commit and the working tree's differences from it
   * @throws ConfigurationException for a bare repository or one without commits
   */
  public CheckoutState state() {
    if (repository.isBare()) {
      throw new ConfigurationException(
          "the repository at " + directory + " is bare: it has no working tree to check",
          "open a checkout, not a bare clone");
    }
    CommitSha commit = head();
    try (Git git = new Git(repository)) {
      Status status = git.status().call();
      TreeSet<String> changes = new TreeSet<>(status.getUncommittedChanges());
      changes.addAll(status.getUntracked());
      return new CheckoutState(commit, new ArrayList<>(changes));
    } catch (GitAPIException e) {
      throw failure("read the working tree's status", e);
    }
  }

  /**
   * The commits reachable from {@code to} but not from {@code from}, newest first: what {@code git
   * log from..to} lists.
   *
   * @param from the earlier tag (or branch, or SHA); empty for everything up to {@code to}
   * @param to the later tag (or branch, or SHA)
   * @return the commits
   * @throws NotFoundException when either name does not resolve to a commit
   */
  public List<GitCommit> commitsBetween(String from, String to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    try (RevWalk walk = new RevWalk(repository)) {
      walk.markStart(walk.parseCommit(ObjectId.fromString(commitOf(to).value())));
      if (!from.isEmpty()) {
        walk.markUninteresting(walk.parseCommit(ObjectId.fromString(commitOf(from).value())));
      }
      List<GitCommit> out = new ArrayList<>();
      for (RevCommit c : walk) {
        out.add(
            new GitCommit(
                CommitSha.parse(c.name()),
                c.getShortMessage(),
                c.getAuthorIdent().getName(),
                Instant.ofEpochSecond(c.getCommitTime())));
      }
      return out;
    } catch (IOException e) {
      throw failure("walk " + (from.isEmpty() ? "" : from + "..") + to, e);
    }
  }

  /**
   * @param name a tag, branch or SHA
   * @return the commit it names, following annotated tags
   * @throws NotFoundException when it names no commit
   */
  public CommitSha commitOf(String name) {
    Objects.requireNonNull(name, "name");
    try {
      Ref tag = repository.exactRef("refs/tags/" + name);
      ObjectId id = tag != null ? repository.getRefDatabase().peel(tag).getPeeledObjectId() : null;
      if (id == null && tag != null) {
        id = tag.getObjectId();
      }
      if (id == null) {
        id = repository.resolve(name + "^{commit}");
      }
      if (id == null) {
        throw new NotFoundException(
            "\"" + name + "\" names no commit in " + directory,
            "check the tag exists locally (actions/checkout fetches no tags unless fetch-depth: 0)",
            null);
      }
      try (RevWalk walk = new RevWalk(repository)) {
        return CommitSha.parse(walk.parseCommit(id).name());
      }
    } catch (IOException e) {
      throw failure("resolve " + name, e);
    }
  }

  @Override
  public void close() {
    repository.close();
  }

  @Override
  public String toString() {
    return "GitCheckout[" + directory + "]";
  }

  private ProviderException failure(String what, Exception e) {
    return ProviderException.permanent(
        "git: cannot " + what + " in " + directory + ": " + e.getMessage(),
        "check the repository with 'git fsck'",
        e);
  }
}
