package dev.baton.github;

import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import dev.baton.ProviderException;
import dev.baton.internal.Numbers;
import dev.baton.spi.CommitHistory;
import dev.baton.spi.CommitOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * How two commits relate, read from a local git clone with JGit: what keeps a target from moving
 * back to an older commit ({@link dev.baton.PromotionPipeline.Builder#commitHistory}).
 *
 * <pre>{@code
 * try (GitCommitHistory history = GitCommitHistory.open(Path.of("."))) {
 *   PromotionPipeline pipeline = PromotionPipeline.builder()
 *       // ... registry, deployer, leases
 *       .commitHistory(history)
 *       .build();
 * }
 * }</pre>
 *
 * <p>{@code a} is {@link CommitOrder#OLDER} than {@code b} when it is an ancestor of {@code b}
 * ({@code git merge-base --is-ancestor a b}), {@link CommitOrder#NEWER} the other way round, and
 * {@link CommitOrder#DIVERGED} when neither is. The answer is {@link CommitOrder#UNKNOWN}, never an
 * exception, whenever the clone cannot tell:
 *
 * <ul>
 *   <li>a commit is not in the clone (not fetched yet, or cut off by a shallow clone such as {@code
 *       actions/checkout}'s default {@code fetch-depth: 1});
 *   <li>the walk reached the shallow boundary without an answer (the commits below it are missing,
 *       so "not an ancestor" cannot be told from "not fetched");
 *   <li>the walk is longer than its limit.
 * </ul>
 *
 * <p>The walk lists the commits reachable from one commit and not from the other's parents ({@code
 * git rev-list b ^a^@}), so its length is the distance between the two commits (for diverged
 * commits, since their merge base), not the size of the repository. It stops after {@value
 * #DEFAULT_WALK_LIMIT} commits unless another limit is given; a comparison of commits further apart
 * is {@link CommitOrder#UNKNOWN}. Answers other than {@link CommitOrder#UNKNOWN} are kept (commits
 * never change), up to {@value #CACHE_SIZE} entries.
 *
 * <p>Safe for concurrent use (each comparison walks with its own reader). Close it to release the
 * repository.
 */
public final class GitCommitHistory implements CommitHistory, AutoCloseable {
  /** The most commits one comparison lists before its answer is {@link CommitOrder#UNKNOWN}. */
  public static final int DEFAULT_WALK_LIMIT = 10_000;

  /** The most answers kept. */
  static final int CACHE_SIZE = 4096;

  private enum Reach {
    YES,
    NO,
    UNKNOWN
  }

  private final Repository repository;
  private final Path directory;
  private final int walkLimit;
  private final CommitOrderCache answers = new CommitOrderCache(CACHE_SIZE);

  private GitCommitHistory(Repository repository, Path directory, int walkLimit) {
    this.repository = repository;
    this.directory = directory;
    this.walkLimit = walkLimit;
  }

  /**
   * @param directory the clone's directory or any directory below it
   * @return the history, walking at most {@value #DEFAULT_WALK_LIMIT} commits per comparison
   * @throws ConfigurationException when no git repository contains the directory
   */
  public static GitCommitHistory open(Path directory) {
    return open(directory, DEFAULT_WALK_LIMIT);
  }

  /**
   * @param directory the clone's directory or any directory below it
   * @param walkLimit the most commits one comparison lists, at least 1
   * @return the history
   * @throws ConfigurationException when no git repository contains the directory
   */
  public static GitCommitHistory open(Path directory, int walkLimit) {
    Objects.requireNonNull(directory, "directory");
    Numbers.positive(walkLimit, "walk limit");
    return new GitCommitHistory(GitCheckout.repository(directory), directory, walkLimit);
  }

  @Override
  public CommitOrder compare(CommitSha a, CommitSha b) {
    return answers.compare(a, b, this::walk);
  }

  private CommitOrder walk(CommitSha a, CommitSha b) {
    try {
      Set<ObjectId> shallow;
      ObjectId ia = ObjectId.fromString(a.value());
      ObjectId ib = ObjectId.fromString(b.value());
      try (RevWalk walk = new RevWalk(repository)) {
        if (!walk.getObjectReader().has(ia) || !walk.getObjectReader().has(ib)) {
          return CommitOrder.UNKNOWN;
        }
        shallow = walk.getObjectReader().getShallowCommits();
      }
      Reach older = isAncestor(ia, ib, shallow);
      if (older == Reach.YES) {
        return CommitOrder.OLDER;
      }
      Reach newer = isAncestor(ib, ia, shallow);
      if (newer == Reach.YES) {
        return CommitOrder.NEWER;
      }
      return older == Reach.NO && newer == Reach.NO ? CommitOrder.DIVERGED : CommitOrder.UNKNOWN;
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      // A parent the clone lacks, or an id that names no commit: the clone cannot tell.
      return CommitOrder.UNKNOWN;
    } catch (IOException e) {
      throw ProviderException.permanent(
          "git: cannot compare " + a + " and " + b + " in " + directory + ": " + e.getMessage(),
          "check the repository with 'git fsck'",
          e);
    }
  }

  /**
   * Whether {@code x} is an ancestor of {@code y}: listing {@code y ^x^@}, {@code x} comes up if
   * and only if it is one, and every commit on the way from {@code y} to it is listed too.
   */
  private Reach isAncestor(ObjectId x, ObjectId y, Set<ObjectId> shallow) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      walk.setRetainBody(false);
      RevCommit cx = walk.parseCommit(x);
      walk.markStart(walk.parseCommit(y));
      for (RevCommit parent : cx.getParents()) {
        walk.markUninteresting(parent);
      }
      boolean cut = false;
      int listed = 0;
      for (RevCommit c = walk.next(); c != null; c = walk.next()) {
        if (c.equals(cx)) {
          return Reach.YES;
        }
        cut |= shallow.contains(c);
        if (++listed >= walkLimit) {
          return Reach.UNKNOWN;
        }
      }
      return cut ? Reach.UNKNOWN : Reach.NO;
    }
  }

  @Override
  public void close() {
    repository.close();
  }

  @Override
  public String toString() {
    return "GitCommitHistory[" + directory + "]";
  }
}
