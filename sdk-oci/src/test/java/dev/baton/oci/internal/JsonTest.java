package dev.baton.oci.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  private static Object parse(String json) throws IOException {
    return Json.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_objectsKeepOrder_andNestedValuesKeepTheirTypes() throws IOException {
    Map<String, Object> m = Json.object(parse(
        "{\"b\":1,\"a\":[true,null,\"x\\u00e9\",2.5],\"c\":{\"d\":12345678901}}"));

    assertThat(m.keySet()).containsExactly("b", "a", "c");
    assertThat(m.get("a")).isEqualTo(java.util.Arrays.asList(true, null, "x\u00e9", 2.5));
    assertThat(Json.longValue(Json.object(m.get("c")).get("d"), -1)).isEqualTo(12345678901L);
  }

  @Test
  void readers_missingOrMistyped_readAsTheDefault() throws IOException {
    Map<String, Object> m = Json.object(parse("{\"n\":null,\"s\":\"7\",\"o\":{},\"t\":\"x\"}"));

    assertThat(Json.text(m.get("missing"), "dflt")).isEqualTo("dflt");
    assertThat(Json.text(m.get("n"), "dflt")).isEqualTo("dflt");
    assertThat(Json.text(m.get("o"), "dflt")).isEmpty();
    assertThat(Json.longValue(m.get("s"), -1)).isEqualTo(7);
    assertThat(Json.longValue(m.get("t"), -1)).isEqualTo(-1);
    assertThat(Json.object(parse("[1]"))).isEmpty();
    assertThat(Json.elements(parse("\"x\""))).isEmpty();
  }

  @Test
  void parse_brokenJson_throws() {
    assertThatThrownBy(() -> parse("{\"a\":")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> parse("{\"a\" 1}")).isInstanceOf(IOException.class);
  }
}
