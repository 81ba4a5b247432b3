package dev.baton.atmos.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.ProviderException;
import dev.baton.StackName;
import dev.baton.atmos.ComponentDescription;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Describe output in the documented shape (atmos's describe component reference). */
class DescribeParserTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final StackName DEV = StackName.parse("dev");

  private static List<String> lines(String text) {
    return Arrays.asList(text.split("\n", -1));
  }

  private static ComponentDescription parse(String text) {
    return DescribeParser.parse(MAPPER, lines(text), DEV, "app", "atmos describe component app");
  }

  @Test
  void parse_fullFilter_readsTheFields() {
    ComponentDescription d =
        parse(
            """
        {
          "atmos_component": "app",
          "atmos_stack": "dev",
          "component": "ecs-service",
          "command": "tofu",
          "workspace": "atmos-native-ci-dev-app",
          "vars": {"stage": "dev", "region": "us-east-2", "attributes": [],
                   "containers": {"app": {"image": "ghcr.io/acme/app:sha-1@sha256:ab", "port": 8080},
                                  "sidecar": {"image": null}}},
          "env": {"APP_IMAGE": "x", "REPLICAS": 3},
          "backend_type": "s3",
          "backend": {"bucket": "tfstate", "workspace_key_prefix": "ecs-service"},
          "__atmos_provenance": {"vars.stage": {"file": "stacks/dev.yaml", "line": 3}}
        }""");

    assertThat(d.component()).isEqualTo("app");
    assertThat(d.stack()).isEqualTo(DEV);
    assertThat(d.terraformComponent()).isEqualTo("ecs-service");
    assertThat(d.command()).isEqualTo("tofu");
    assertThat(d.workspace()).isEqualTo("atmos-native-ci-dev-app");
    assertThat(d.images()).containsExactly(Map.entry("app", "ghcr.io/acme/app:sha-1@sha256:ab"));
    assertThat(d.env()).containsEntry("REPLICAS", "3");
    assertThat(d.definesEnvironment("APP_IMAGE")).isTrue();
    assertThat(d.stage()).contains("dev");
    assertThat(d.backendType()).isEqualTo("s3");
    assertThat(d.backend()).containsEntry("bucket", "tfstate");
    assertThat(d.vars())
        .containsEntry("region", "us-east-2")
        .doesNotContainKey("__atmos_provenance");
  }

  @Test
  void parse_schemaFilter_missingFieldsAreEmpty() {
    ComponentDescription d =
        parse(
            """
        {"component": "ecs-service", "vars": {"stage": "dev"}, "env": {}, "metadata": {}}""");

    assertThat(d.workspace()).isEmpty();
    assertThat(d.command()).isEmpty();
    assertThat(d.component()).isEqualTo("app");
    assertThat(d.stack()).isEqualTo(DEV);
  }

  static Stream<Arguments> computed() {
    return Stream.of(
        Arguments.of("{\"vars\": {\"vpc_id\": \"(computed)\"}}", "vars.vpc_id"),
        Arguments.of("{\"vars\": {\"subnets\": [\"a\", \"(computed)\"]}}", "vars.subnets[1]"),
        Arguments.of(
            "{\"vars\": {}, \"settings\": {\"account\": {\"id\": \"(computed)\"}}}",
            "settings.account.id"),
        Arguments.of(
            "{\"vars\": {\"a\": \"(computed)\", \"b\": {\"c\": \"(computed)\"}}}",
            "vars.a, vars.b.c"));
  }

  @ParameterizedTest
  @MethodSource("computed")
  void parse_whenAValueIsComputed_failsNamingThePath(String json, String paths) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("left YAML functions unresolved: " + paths);
  }

  @Test
  void parse_computedInsideAStringOrProvenance_isData() {
    ComponentDescription d =
        parse(
            """
        {"vars": {"note": "value is (computed) at runtime"},
         "__atmos_provenance": {"x": "(computed)"}}""");

    assertThat(d.vars()).containsEntry("note", "value is (computed) at runtime");
  }

  @Test
  void parse_skipsLogLinesBeforeTheDocument() {
    ComponentDescription d =
        parse(
            """
        WARN Failed to resolve YAML function; using '(computed)'
        {"level": "info", "msg": "describing"}
        {"atmos_component": "app", "vars": {"stage": "dev"}}""");

    assertThat(d.stage()).contains("dev");
  }

  @Test
  void parse_whenNoJson_failsSayingSo() {
    assertThatThrownBy(() -> parse("atmos_component: app\nvars:\n  stage: dev"))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("printed no JSON description");
  }
}
