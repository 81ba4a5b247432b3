package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.spi.CommitOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the commit history contract against {@link LinearHistory}, which holds one line of commits
 * and so skips the cases about branches.
 */
class LinearHistoryContractTest extends CommitHistoryContract {
  @Override
  protected Built build(HistorySpec spec) {
    if (!spec.linear()) {
      throw new IllegalArgumentException("LinearHistory holds one line of commits, not " + spec);
    }
    Map<String, CommitSha> shas = new HashMap<>();
    List<CommitSha> oldestFirst = new ArrayList<>();
    for (HistorySpec.Commit c : spec.commits()) {
      CommitSha sha = newCommit();
      shas.put(c.name(), sha);
      oldestFirst.add(sha);
    }
    return new Built(new LinearHistory(oldestFirst), shas);
  }

  @Override
  protected boolean supportsBranches() {
    return false;
  }

  @Test
  void add_appendsANewerCommit() {
    Built h = build(LINE);
    CommitSha next = newCommit();

    ((LinearHistory) h.history()).add(next);

    assertThat(h.history().compare(h.sha("c3"), next)).isEqualTo(CommitOrder.OLDER);
    assertThat(h.history().compare(next, h.sha("c0"))).isEqualTo(CommitOrder.NEWER);
  }

  @Test
  void historySpec_refusesAParentListedAfterItsChild() {
    assertThatThrownBy(() -> HistorySpec.of(HistorySpec.Commit.of("b", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"a\"");
    assertThat(LINE.linear()).isTrue();
    assertThat(MERGED.linear()).isFalse();
  }
}
