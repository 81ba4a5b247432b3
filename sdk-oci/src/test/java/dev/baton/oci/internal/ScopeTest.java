package dev.baton.oci.internal;

import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

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
    assertThat(
            Scope.allCovered(
                List.of(Scope.pullPush("dst"), Scope.pull("src")),
                List.of(Scope.pull("src"), Scope.pull("dst"))))
        .isTrue();
  }

  @Test
  void parse_ofToString_isIdentity() {
    String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    Gen<String> alpha =
        lists()
            .of(arbitrary().pick(letters.chars().mapToObj(c -> (char) c).toList()))
            .ofSizeBetween(1, 20)
            .map(cs -> cs.stream().map(String::valueOf).collect(joining()));
    qt().forAll(alpha, booleans().all())
        .checkAssert(
            (name, push) -> {
              Scope s = push ? Scope.pullPush(name.toLowerCase()) : Scope.pull(name.toLowerCase());
              assertThat(Scope.tryParse(s.toString())).contains(s);
            });
  }
}
