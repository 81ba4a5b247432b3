package dev.baton.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DestroyResultTest {
  @Test
  void describe_saysWhatHappened() {
    assertThat(new DestroyResult(DestroyResult.Outcome.DESTROYED, 3).describe())
        .isEqualTo("destroyed 3 resources");
    assertThat(new DestroyResult(DestroyResult.Outcome.NOTHING_TO_DESTROY, 0).describe())
        .isEqualTo("nothing to destroy");
    assertThat(DestroyResult.destroyedWithUnknownCount().describe())
        .isEqualTo("destroyed (resource count unknown)");
  }

  @Test
  void countKnown_isTheDefault_andOnlyAnUnknownDestroyHasItFalse() {
    assertThat(new DestroyResult(DestroyResult.Outcome.DESTROYED, 3).countKnown()).isTrue();
    assertThat(DestroyResult.destroyedWithUnknownCount().countKnown()).isFalse();
    assertThatThrownBy(() -> new DestroyResult(DestroyResult.Outcome.NOTHING_TO_DESTROY, 0, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DestroyResult(DestroyResult.Outcome.DESTROYED, 2, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DestroyResult(DestroyResult.Outcome.DESTROYED, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
