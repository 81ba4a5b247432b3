package dev.baton.oci.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ScopeTest {
  @Test
  void toString_sortsActions() {
    assertThat(new Scope("repository", "team/app", Set.of("push", "pull")))
        .hasToString("repository:team/app:pull,push");
  }

  @Test
  void tryParse_nameWithColons_keepsThemInTheName() {
    assertThat(Scope.tryParse("repository:host:5000/app:pull"))
        .contains(new Scope("repository", "host:5000/app", Set.of("pull")));
    assertThat(Scope.tryParse("registry:catalog:*"))
        .contains(new Scope("registry", "catalog", Set.of("*")));
  }

  @Test
  void tryParse_withoutTwoColons_isEmpty() {
    assertThat(Scope.tryParse("repository")).isEmpty();
    assertThat(Scope.tryParse("repository:app")).isEmpty();
    assertThat(Scope.tryParse(":app:pull")).isEmpty();
  }

  @Test
  void covers_pullPushCoversPull_butNotTheOtherWayOrAnotherRepository() {
    assertThat(Scope.pullPush("a").covers(Scope.pull("a"))).isTrue();
    assertThat(Scope.pull("a").covers(Scope.pullPush("a"))).isFalse();
    assertThat(Scope.pullPush("a").covers(Scope.pull("b"))).isFalse();
    assertThat(new Scope("repository", "a", Set.of("*")).covers(Scope.pullPush("a"))).isTrue();
    assertThat(Scope.allCovered(List.of(Scope.pullPush("dst"), Scope.pull("src")),
        List.of(Scope.pull("src"), Scope.pull("dst")))).isTrue();
  }

  @Property
  void parse_ofToString_isIdentity(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String name,
      @ForAll boolean push) {
    Scope s = push ? Scope.pullPush(name.toLowerCase()) : Scope.pull(name.toLowerCase());
    assertThat(Scope.tryParse(s.toString())).contains(s);
  }
}
