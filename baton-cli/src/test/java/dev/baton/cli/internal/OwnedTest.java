package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnedTest {
  final List<String> closed = new ArrayList<>();

  AutoCloseable resource(String name) {
    return () -> closed.add(name);
  }

  @Test
  void closesWhatWasRegistered_newestFirst_once() {
    Owned owned = new Owned();
    owned.add(resource("registry"));
    owned.add(resource("connection"));
    resource("given"); // never registered, never closed
    owned.close();
    owned.close();
    assertThat(closed).containsExactly("connection", "registry");
  }

  @Test
  void aFailingClose_doesNotKeepTheOthersOpen() {
    Owned owned = new Owned();
    owned.add(resource("first"));
    owned.add(
        () -> {
          throw new java.io.IOException("broken pipe");
        });
    owned.add(resource("last"));
    assertThatThrownBy(owned::close).hasMessageContaining("broken pipe");
    assertThat(closed).containsExactly("last", "first");
  }

  @Test
  void shared_isMadeOnce_andClosedOnce() {
    Owned owned = new Owned();
    int[] made = {0};
    for (int i = 0; i < 3; i++) {
      owned.shared(
          "acme/shop",
          () -> {
            made[0]++;
            return resource("connection");
          });
    }
    owned.close();
    assertThat(made[0]).isEqualTo(1);
    assertThat(closed).containsExactly("connection");
  }

  @Test
  void afterTheCommandEnded_aNewResourceIsClosedAndRefused() {
    Owned owned = new Owned();
    owned.close();
    assertThatThrownBy(() -> owned.add(resource("late"))).isInstanceOf(IllegalStateException.class);
    assertThat(closed).containsExactly("late");
  }
}
