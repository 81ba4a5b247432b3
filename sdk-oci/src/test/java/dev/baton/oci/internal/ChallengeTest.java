package dev.baton.oci.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {
  @Test
  void parseAll_bearerFromDistribution_readsRealmServiceAndScope() {
    List<Challenge> c =
        Challenge.parseAll(
            List.of(
                "Bearer realm=\"http://127.0.0.1:5001/token\","
                    + "service=\"lab-registry\",scope=\"repository:team/app:pull\""));

    assertThat(c).hasSize(1);
    assertThat(c.get(0).isBearer()).isTrue();
    assertThat(c.get(0).realm()).contains("http://127.0.0.1:5001/token");
    assertThat(c.get(0).service()).contains("lab-registry");
    assertThat(c.get(0).scopes()).containsExactly(Scope.pull("team/app"));
  }

  @Test
  void parseAll_insufficientScopeForAMount_readsBothSpaceSeparatedScopes() {
    // As measured on distribution 2.8.
    Challenge c =
        Challenge.parseAll(
                List.of(
                    "Bearer realm=\"https://auth.example/token\","
                        + "service=\"reg\",scope=\"repository:prod2/app:pull,push repository:team/app:pull\","
                        + "error=\"insufficient_scope\""))
            .get(0);

    assertThat(c.error()).contains("insufficient_scope");
    assertThat(c.scopes()).containsExactly(Scope.pullPush("prod2/app"), Scope.pull("team/app"));
  }

  @Test
  void parseAll_basicFromHtpasswdAndEcr_isBasicWithRealm() {
    assertThat(Challenge.parseAll(List.of("Basic realm=\"test-realm\"")))
        .containsExactly(new Challenge("basic", Map.of("realm", "test-realm")));
    Challenge ecr =
        Challenge.parseAll(
                List.of(
                    "Basic realm=\"https://1.dkr.ecr.eu-west-1"
                        + ".amazonaws.com/\",service=\"ecr.amazonaws.com\""))
            .get(0);
    assertThat(ecr.isBasic()).isTrue();
    assertThat(ecr.service()).contains("ecr.amazonaws.com");
  }

  @Test
  void parseAll_twoChallengesInOneHeader_andUnquotedValues_areSplit() {
    List<Challenge> c =
        Challenge.parseAll(List.of("Basic realm=x, Bearer realm=\"https://a/t\", service=s"));

    assertThat(c).extracting(Challenge::scheme).containsExactly("basic", "bearer");
    assertThat(c.get(0).realm()).contains("x");
    assertThat(c.get(1).service()).contains("s");
  }

  @Test
  void parseAll_quotedCommaAndEscapedQuote_stayInTheValue() {
    Challenge c =
        Challenge.parseAll(
                List.of("Bearer realm=\"https://a/t?x=1,2\",service=" + "\"a \\\"b\\\"\""))
            .get(0);

    assertThat(c.realm()).contains("https://a/t?x=1,2");
    assertThat(c.service()).contains("a \"b\"");
  }

  @Test
  void parseAll_emptyOrGarbage_givesNoUsableChallenge() {
    assertThat(Challenge.parseAll(List.of())).isEmpty();
    assertThat(Challenge.parseAll(List.of("", "  ,  "))).isEmpty();
    assertThat(Challenge.parseAll(List.of("\"=\"=,")))
        .allSatisfy(c -> assertThat(c.isBasic() || c.isBearer()).isFalse());
  }
}
