package dev.baton.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON writer (compact and indented layouts, escapes, a round trip through the reader) and the
 * lenient field readers.
 */
class JsonValuesTest {
  private static Map<String, Object> sample() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a\"b\\c\n\t\u0001");
    m.put("n", 3);
    m.put("b", true);
    m.put("z", null);
    m.put("l", Arrays.asList(1, "x", null));
    m.put("e", Map.of());
    m.put("el", List.of());
    return m;
  }

  @Test
  void write_compact_keepsOrderAndEscapes() {
    assertThat(Json.write(sample()))
        .isEqualTo(
            "{\"s\":\"a\\\"b\\\\c\\n\\t\\u0001\",\"n\":3,"
                + "\"b\":true,\"z\":null,\"l\":[1,\"x\",null],\"e\":{},\"el\":[]}");
  }

  @Test
  void writeIndented_usesTwoSpacesAndColonSpace() {
    assertThat(Json.writeIndented(Map.of("a", List.of(1, Map.of("b", "c")))))
        .isEqualTo("{\n  \"a\": [\n    1,\n    {\n      \"b\": \"c\"\n    }\n  ]\n}");
    assertThat(Json.writeIndented(Map.of())).isEqualTo("{}");
    assertThat(Json.writeIndented("x")).isEqualTo("\"x\"");
  }

  @Test
  void quote_escapesLikeTheWriter() {
    assertThat(Json.quote("say \"hi\"\r\n")).isEqualTo("\"say \\\"hi\\\"\\r\\n\"");
  }

  @Test
  void write_thenParse_givesTheSameStrings() {
    String s = "é \u2028 \" \\ / \b \f";
    assertThat(Json.parse(Json.write(List.of(s)))).isEqualTo(List.of(s));
    assertThat(Json.write(Json.parse("[null]"))).isEqualTo("[null]");
  }

  @Test
  void parse_objectsKeepOrder_andLongsReadExactly() {
    Map<String, Object> m =
        Json.object(
            Json.parse("{\"b\":1,\"a\":[true,null,\"x\\u00e9\",2.5],\"c\":{\"d\":12345678901}}"));

    assertThat(m.keySet()).containsExactly("b", "a", "c");
    assertThat(Json.longValue(Json.object(m.get("c")).get("d"), -1)).isEqualTo(12345678901L);
  }

  @Test
  void readers_missingOrMistyped_readAsTheDefault() {
    Map<String, Object> m =
        Json.object(Json.parse("{\"n\":null,\"s\":\"7\",\"o\":{},\"t\":\"x\"}"));

    assertThat(Json.text(m.get("missing"), "dflt")).isEqualTo("dflt");
    assertThat(Json.text(m.get("n"), "dflt")).isEqualTo("dflt");
    assertThat(Json.text(m.get("o"), "dflt")).isEmpty();
    assertThat(Json.text(m.get("s"), "dflt")).isEqualTo("7");
    assertThat(Json.longValue(m.get("s"), -1)).isEqualTo(7);
    assertThat(Json.longValue(m.get("t"), -1)).isEqualTo(-1);
    assertThat(Json.object(Json.parse("[1]"))).isEmpty();
  }
}
