package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.CommitSha;
import dev.baton.spi.CommitHistory;
import dev.baton.spi.CommitOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The answers every {@link CommitHistory} must give, as an abstract JUnit 5 suite. Each case
 * describes a small history by commit names ({@link HistorySpec}); the provider's test builds it
 * for real through its one hook, {@link #build}, and the case checks what {@link
 * CommitHistory#compare} says about it:
 *
 * <pre>{@code
 * class MyCommitHistoryContractTest extends CommitHistoryContract {
 *   protected Built build(HistorySpec spec) {
 *     Map<String, CommitSha> shas = new HashMap<>();
 *     for (HistorySpec.Commit c : spec.commits()) {
 *       // create c.name() with c.parents() (already created) as its parents, first parent first
 *       shas.put(c.name(), created);
 *     }
 *     return new Built(history, shas);
 *   }
 * }
 * }</pre>
 *
 * <p>Two histories are used: {@link #LINE}, one branch, and {@link #MERGED}, a branch that leaves
 * main and is merged back. A history that only knows one line of commits (the testkit's {@link
 * LinearHistory}) returns false from {@link #supportsBranches()}, is never asked to build {@link
 * #MERGED}, and the cases about branches are skipped for it.
 *
 * <p>A commit the history does not hold is {@link CommitOrder#UNKNOWN}, never an exception, so that
 * nothing is refused for it. Cases that only one provider can meet (shallow clones, walk limits,
 * request counts, errors from a remote) belong in that provider's own tests, not here.
 */
public abstract class CommitHistoryContract {
  /** A commit no history built by this suite holds. */
  private static final CommitSha ABSENT =
      CommitSha.parse("0123456789abcdef0123456789abcdef01234567");

  /**
   * One branch of four commits, oldest first:
   *
   * <pre>
   *   c0 - c1 - c2 - c3      main
   * </pre>
   */
  public static final HistorySpec LINE =
      HistorySpec.of(
          HistorySpec.Commit.of("c0"),
          HistorySpec.Commit.of("c1", "c0"),
          HistorySpec.Commit.of("c2", "c1"),
          HistorySpec.Commit.of("c3", "c2"));

  /**
   * A branch {@code feature} that leaves main after {@code c1} and is merged back by {@code m},
   * whose first parent is {@code c3}:
   *
   * <pre>
   *   c0 - c1 - c2 - c3 - m      main
   *          \          /
   *           f1 ---- f2         feature
   * </pre>
   */
  public static final HistorySpec MERGED =
      HistorySpec.of(
          HistorySpec.Commit.of("c0"),
          HistorySpec.Commit.of("c1", "c0"),
          HistorySpec.Commit.of("f1", "c1"),
          HistorySpec.Commit.of("f2", "f1"),
          HistorySpec.Commit.of("c2", "c1"),
          HistorySpec.Commit.of("c3", "c2"),
          HistorySpec.Commit.of("m", "c3", "f2"));

  /** For subclasses. */
  protected CommitHistoryContract() {}

  /**
   * Builds the history {@code spec} describes: every commit, with its parents in the order given,
   * and a {@link CommitHistory} that answers from it. Called once per case; whatever the history
   * holds open (a repository, a server) is the subclass's to close after the case.
   *
   * @param spec the commits to create, each after its parents
   * @return the history and the SHA each name was given
   */
  protected abstract Built build(HistorySpec spec);

  /**
   * Whether the history can hold more than one line of commits (branches and merges). One that
   * cannot returns false, and the cases on {@link #MERGED} are skipped for it.
   *
   * @return true unless overridden
   */
  protected boolean supportsBranches() {
    return true;
  }

  /**
   * Builds {@code spec}, checking that every commit was given a SHA.
   *
   * @param spec the history
   * @return it built
   */
  private Built built(HistorySpec spec) {
    Built built = build(spec);
    assertThat(built.shas().keySet())
        .as("the names build(spec) gave SHAs")
        .containsExactlyInAnyOrderElementsOf(spec.names());
    return built;
  }

  /**
   * {@link #MERGED} built, for a case about branches: skipped unless {@link #supportsBranches()}.
   *
   * @return it built
   */
  private Built mergedIfSupported() {
    assumeTrue(supportsBranches(), "this history holds one line of commits, no branches");
    return built(MERGED);
  }

  // ---- one line ------------------------------------------------------------------------------

  /** A commit is {@link CommitOrder#OLDER} than any commit it is an ancestor of, near or far. */
  @Test
  public void compare_ancestor_isOlder() {
    Built h = built(LINE);

    assertThat(h.compare("c0", "c3")).isEqualTo(CommitOrder.OLDER);
    assertThat(h.compare("c2", "c3")).isEqualTo(CommitOrder.OLDER);
  }

  /** A commit is {@link CommitOrder#NEWER} than any of its ancestors. */
  @Test
  public void compare_descendant_isNewer() {
    Built h = built(LINE);

    assertThat(h.compare("c3", "c1")).isEqualTo(CommitOrder.NEWER);
    assertThat(h.compare("c3", "c2")).isEqualTo(CommitOrder.NEWER);
  }

  /** A commit compared with itself is {@link CommitOrder#SAME}. */
  @Test
  public void compare_sameCommit_isSame() {
    Built h = built(LINE);

    assertThat(h.compare("c2", "c2")).isEqualTo(CommitOrder.SAME);
  }

  /** A commit the history does not hold is {@link CommitOrder#UNKNOWN}, on either side. */
  @Test
  public void compare_commitNotInTheHistory_isUnknown() {
    Built h = built(LINE);

    assertThat(h.history().compare(ABSENT, h.sha("c3"))).isEqualTo(CommitOrder.UNKNOWN);
    assertThat(h.history().compare(h.sha("c3"), ABSENT)).isEqualTo(CommitOrder.UNKNOWN);
  }

  /** Every pair of commits on one line is in order, and reads the other way round swapped. */
  @Test
  public void compare_everyPairOnALine_agreesWithTheGraph() {
    assertEveryPairAgrees(built(LINE), LINE);
  }

  // ---- branches ------------------------------------------------------------------------------

  /** Commits on two branches have diverged until one is merged into the other. */
  @Test
  public void compare_branches_haveDivergedUntilMerged() {
    Built h = mergedIfSupported();

    assertThat(h.compare("c3", "f2")).isEqualTo(CommitOrder.DIVERGED);
    assertThat(h.compare("f1", "c2")).isEqualTo(CommitOrder.DIVERGED);
    assertThat(h.compare("f2", "m")).isEqualTo(CommitOrder.OLDER);
    assertThat(h.compare("m", "f1")).isEqualTo(CommitOrder.NEWER);
    assertThat(h.compare("c0", "f2")).isEqualTo(CommitOrder.OLDER);
  }

  /** Every pair of commits of a merged branch agrees with the graph, both ways round. */
  @Test
  public void compare_everyPairAcrossAMerge_agreesWithTheGraph() {
    assertEveryPairAgrees(mergedIfSupported(), MERGED);
  }

  private static void assertEveryPairAgrees(Built h, HistorySpec spec) {
    for (String a : spec.names()) {
      for (String b : spec.names()) {
        assertThat(h.compare(a, b)).as("%s vs %s", a, b).isEqualTo(spec.order(a, b));
      }
    }
  }

  /**
   * @return a random commit, for a history that makes up its own SHAs
   */
  protected static CommitSha newCommit() {
    return Randoms.commit();
  }

  /**
   * A history described by commit names: each commit with its parents, listed after them.
   *
   * @param commits the commits, each after its parents; names are unique
   */
  public record HistorySpec(List<Commit> commits) {
    /**
     * Checks that names are unique and that every parent is listed before its child.
     *
     * @param commits the commits, each after its parents
     */
    public HistorySpec {
      commits = List.copyOf(commits);
      Set<String> seen = new HashSet<>();
      for (Commit c : commits) {
        for (String parent : c.parents()) {
          if (!seen.contains(parent)) {
            throw new IllegalArgumentException(
                "commit \"%s\" has parent \"%s\", which is not listed before it; list every parent before its child"
                    .formatted(c.name(), parent));
          }
        }
        if (!seen.add(c.name())) {
          throw new IllegalArgumentException(
              "commit \"" + c.name() + "\" is listed twice; give every commit its own name");
        }
      }
    }

    /**
     * @param commits the commits, each after its parents
     * @return the history
     */
    public static HistorySpec of(Commit... commits) {
      return new HistorySpec(List.of(commits));
    }

    /**
     * @return the commits' names, in the order they are listed
     */
    public List<String> names() {
      return commits.stream().map(Commit::name).toList();
    }

    /**
     * @param name a commit listed here
     * @return it
     * @throws IllegalArgumentException when no commit has that name
     */
    public Commit commit(String name) {
      return commits.stream()
          .filter(c -> c.name().equals(name))
          .findFirst()
          .orElseThrow(
              () -> new IllegalArgumentException("no commit \"" + name + "\" in " + names()));
    }

    /**
     * Whether this is one line of commits: one root, and each other commit the only child of the
     * one listed before it.
     *
     * @return true for one line
     */
    public boolean linear() {
      for (int i = 0; i < commits.size(); i++) {
        List<String> expected = i == 0 ? List.of() : List.of(commits.get(i - 1).name());
        if (!commits.get(i).parents().equals(expected)) {
          return false;
        }
      }
      return true;
    }

    /**
     * The answer this graph gives: what every {@link CommitHistory} built from it must say.
     *
     * @param a a commit listed here
     * @param b another
     * @return how {@code a} relates to {@code b}
     */
    public CommitOrder order(String a, String b) {
      if (a.equals(b)) {
        return CommitOrder.SAME;
      }
      if (ancestry(b).contains(a)) {
        return CommitOrder.OLDER;
      }
      return ancestry(a).contains(b) ? CommitOrder.NEWER : CommitOrder.DIVERGED;
    }

    /** A commit and all its ancestors. */
    private Set<String> ancestry(String name) {
      Set<String> seen = new HashSet<>();
      Deque<String> todo = new ArrayDeque<>(List.of(commit(name).name()));
      while (!todo.isEmpty()) {
        String c = todo.poll();
        if (seen.add(c)) {
          todo.addAll(commit(c).parents());
        }
      }
      return seen;
    }

    /**
     * A commit of a {@link HistorySpec}.
     *
     * @param name what the cases call it (not its SHA, which the built history gives it)
     * @param parents its parents' names, first parent first; none for a root
     */
    public record Commit(String name, List<String> parents) {
      /**
       * Checks that the name is not blank and the commit is not its own parent.
       *
       * @param name what the cases call it
       * @param parents its parents' names, first parent first
       */
      public Commit {
        Objects.requireNonNull(name, "name");
        parents = List.copyOf(parents);
        if (name.isBlank() || parents.contains(name)) {
          throw new IllegalArgumentException(
              "commit \"" + name + "\" with parents " + parents + ": give it a name of its own");
        }
      }

      /**
       * @param name what the cases call it
       * @param parents its parents' names, first parent first
       * @return the commit
       */
      public static Commit of(String name, String... parents) {
        return new Commit(name, List.of(parents));
      }
    }
  }

  /**
   * A history {@link #build} made.
   *
   * @param history the history under test
   * @param shas each commit's name to the SHA it was given
   */
  public record Built(CommitHistory history, Map<String, CommitSha> shas) {
    /**
     * Copies the names.
     *
     * @param history the history under test
     * @param shas each commit's name to the SHA it was given
     */
    public Built {
      Objects.requireNonNull(history, "history");
      shas = Map.copyOf(shas);
    }

    /**
     * @param name a commit's name
     * @return the SHA it was given
     * @throws IllegalArgumentException when no commit has that name
     */
    public CommitSha sha(String name) {
      CommitSha sha = shas.get(name);
      if (sha == null) {
        throw new IllegalArgumentException("no commit \"" + name + "\" in " + shas.keySet());
      }
      return sha;
    }

    /**
     * @param a a commit's name
     * @param b another's
     * @return how the history says {@code a} relates to {@code b}
     */
    public CommitOrder compare(String a, String b) {
      return history.compare(sha(a), sha(b));
    }
  }
}
