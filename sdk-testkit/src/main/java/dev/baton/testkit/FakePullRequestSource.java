package dev.baton.testkit;

import dev.baton.BatonException;
import dev.baton.NotFoundException;
import dev.baton.spi.PullRequestSource;
import dev.baton.spi.PullRequestState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A working in-memory {@link PullRequestSource}: seed pull requests, close and relabel them, script
 * failures, read which ones were asked for.
 *
 * <pre>{@code
 * FakePullRequestSource prs = new FakePullRequestSource().open(7, "deploy").closed(8, "deploy");
 * }</pre>
 *
 * <p>Safe for concurrent use.
 */
public final class FakePullRequestSource implements PullRequestSource {
  private final Map<Integer, PullRequestState> pullRequests = new HashMap<>();
  private final List<Integer> requests = new ArrayList<>();
  private final Failures failures = new Failures();

  /** A source that knows no pull request. */
  public FakePullRequestSource() {}

  /**
   * @param number the pull request number
   * @param labels its labels
   * @return this
   */
  public synchronized FakePullRequestSource open(int number, String... labels) {
    pullRequests.put(number, new PullRequestState(number, true, Set.of(labels)));
    return this;
  }

  /**
   * @param number the pull request number
   * @param labels the labels it kept when it was closed
   * @return this
   */
  public synchronized FakePullRequestSource closed(int number, String... labels) {
    pullRequests.put(number, new PullRequestState(number, false, Set.of(labels)));
    return this;
  }

  /**
   * Removes a label from a known pull request.
   *
   * @param number the pull request number
   * @param label the label removed
   * @return this
   */
  public synchronized FakePullRequestSource unlabel(int number, String label) {
    PullRequestState now = known(number);
    Set<String> labels = new HashSet<>(now.labels());
    labels.remove(label);
    pullRequests.put(number, new PullRequestState(number, now.open(), labels));
    return this;
  }

  /**
   * The next call throws {@code failure} (e.g. an {@link dev.baton.AccessDeniedException}).
   *
   * @param failure what to throw
   * @return this
   */
  public FakePullRequestSource failNext(BatonException failure) {
    failures.add(failure);
    return this;
  }

  /** {@return the numbers asked for so far, in order} */
  public synchronized List<Integer> requests() {
    return List.copyOf(requests);
  }

  @Override
  public synchronized PullRequestState state(int number) {
    requests.add(number);
    failures.throwIfScripted();
    return known(number);
  }

  private PullRequestState known(int number) {
    PullRequestState state = pullRequests.get(number);
    if (state == null) {
      throw new NotFoundException(
          "pull request #" + number + " does not exist", "check the repository and number", null);
    }
    return state;
  }
}
