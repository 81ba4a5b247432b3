package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimingsTest {
  @Test
  void of_runsEachIndexOnce_andRanksTheSortedTimes() throws Exception {
    List<Integer> seen = new ArrayList<>();
    // Run i sleeps i ms: the times are known to within scheduling noise, and already ordered.
    Timings t =
        Timings.of(
            5,
            i -> {
              seen.add(i);
              Thread.sleep(i * 20L);
            });

    assertThat(seen).containsExactly(0, 1, 2, 3, 4);
    assertThat(t.runs()).isEqualTo(5);
    assertThat(t.percentileMillis(0)).isLessThan(t.medianMillis());
    assertThat(t.medianMillis()).isGreaterThanOrEqualTo(40).isLessThan(t.percentileMillis(1));
    assertThat(t.percentileMillis(1)).isGreaterThanOrEqualTo(80);
    assertThat(t.meanMillis()).isGreaterThanOrEqualTo(40).isLessThan(t.percentileMillis(1));
  }

  @Test
  void of_whenARunFails_throwsItsException() {
    assertThatThrownBy(
            () ->
                Timings.of(
                    3,
                    i -> {
                      if (i == 1) {
                        throw new IOException("run 1");
                      }
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("run 1");
  }

  @Test
  void badArguments_areRefusedQuotingThem() {
    assertThatThrownBy(() -> Timings.of(0, i -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0");
    Timings t = Timings.of(1, i -> {});
    assertThatThrownBy(() -> t.percentileMillis(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 1.5");
  }
}
