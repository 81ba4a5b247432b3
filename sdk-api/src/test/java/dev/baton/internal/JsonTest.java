package dev.baton.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The manifest JSON reader: good and bad documents, and strings against Jackson's encoder. */
class JsonTest {
  @Test
  void parse_nestedDocument_givesMapsListsAndScalars() {
    Object value =
        Json.parse(
            " {\"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\\n\"],"
                + " \"b\": {}, \"c\": []} ");

    assertThat(value)
        .isEqualTo(
            Map.of(
                "a",
                List.of(1.0, -2500.0, true, false, Json.NULL, "xé\n"),
                "b",
                Map.of(),
                "c",
                List.of()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "{\"a\" 1}",
        "{\"a\": 1,}",
        "[1 2]",
        "01",
        "1.",
        "-",
        "\"unterminated",
        "\"bad \\q escape\"",
        "\"tab\tinside\"",
        "{} {}",
        "tru",
        "{1: 2}",
        "\"\\u12\"",
      })
  void parse_invalidDocuments_throwIllegalArgumentNamingOffset(String text) {
    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid JSON at offset");
  }

  @Test
  void parse_tooDeep_throws() {
    assertThatThrownBy(() -> Json.parse("[".repeat(100) + "]".repeat(100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested deeper");
  }

  @Test
  void parseObject_whenArray_throws() {
    assertThatThrownBy(() -> Json.parseObject("[]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an array");
  }

  @Test
  void parse_anyStringEncodedByJackson_readsBackTheSameString() {
    ObjectMapper mapper = new ObjectMapper();
    qt().withExamples(300)
        .forAll(strings().allPossible().ofLengthBetween(0, 255))
        .checkAssert(
            s -> {
              String encoded;
              try {
                encoded = mapper.writeValueAsString(s);
              } catch (JsonProcessingException e) {
                throw new AssertionError(e);
              }

              assertThat(Json.parse(encoded)).isEqualTo(s);
            });
  }
}
