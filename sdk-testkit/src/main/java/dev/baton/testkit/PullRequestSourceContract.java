package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.NotFoundException;
import dev.baton.spi.PullRequestSource;
import dev.baton.spi.PullRequestState;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PullRequestSource} must show, as an abstract JUnit 5 suite. A
 * provider's test extends it and supplies the source and ways to put pull requests in the state a
 * test needs (a fresh repository for every test):
 *
 * <pre>{@code
 * class MyPullRequestSourceContractTest extends PullRequestSourceContract {
 *   protected PullRequestSource source() { return source; }
 *   protected void open(int number, String... labels) { ... }
 *   protected void close(int number, boolean merged, String... labels) { ... }
 * }
 * }</pre>
 */
public abstract class PullRequestSourceContract {
  /** For subclasses. */
  protected PullRequestSourceContract() {}

  /**
   * The source under test; called at the start of every test.
   *
   * @return the source
   */
  protected abstract PullRequestSource source();

  /**
   * Opens pull request {@code number} with these labels, or, if it exists, makes it so now.
   *
   * @param number the pull request number
   * @param labels its labels now
   */
  protected abstract void open(int number, String... labels);

  /**
   * Closes pull request {@code number}, merged or not, leaving it these labels.
   *
   * @param number the pull request number
   * @param merged whether it was merged
   * @param labels the labels it keeps
   */
  protected abstract void close(int number, boolean merged, String... labels);

  /** An open pull request is open, with its labels. */
  @Test
  public void open_isOpen_withItsLabels() {
    PullRequestSource source = source();
    open(11, "deploy", "ui");

    assertThat(source.state(11)).isEqualTo(new PullRequestState(11, true, Set.of("deploy", "ui")));
  }

  /** Closed and merged pull requests are both closed; a closed one keeps its labels. */
  @Test
  public void closedOrMerged_isClosed_keepingItsLabels() {
    PullRequestSource source = source();
    close(12, false, "deploy");
    close(13, true);

    assertThat(source.state(12)).isEqualTo(new PullRequestState(12, false, Set.of("deploy")));
    assertThat(source.state(13).open()).isFalse();
  }

  /** The state is read now, not remembered: a label removed after a first read is gone. */
  @Test
  public void state_isReadNow() {
    PullRequestSource source = source();
    open(14, "deploy");
    assertThat(source.state(14).labels()).contains("deploy");

    open(14, "ui");

    assertThat(source.state(14).labels()).containsExactly("ui");
  }

  /** A pull request that does not exist is a {@link NotFoundException}. */
  @Test
  public void unknownPullRequest_isNotFound() {
    PullRequestSource source = source();

    assertThatThrownBy(() -> source.state(4040)).isInstanceOf(NotFoundException.class);
  }
}
