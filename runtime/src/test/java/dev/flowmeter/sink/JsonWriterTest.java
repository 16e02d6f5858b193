// SPDX-License-Identifier: Apache-2.0
package dev.flowmeter.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

final class JsonWriterTest {
  private static final ObjectMapper mapper = new ObjectMapper();

  private static String string(String s) {
    StringBuilder out = new StringBuilder();
    JsonWriter.quote(out, s);
    return out.toString();
  }

  @Test
  void quote_escapesQuoteBackslashAndControls() {
    assertThat(string("a\"b\\c\n\r\t\b\f\u0000\u001b\u007f"))
        .isEqualTo("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0000\\u001b\u007f\"");
  }

  @Test
  void quote_escapesLoneSurrogatesAndKeepsPairs() {
    assertThat(string("\ud800x\udc00\ud83d\ude00\ud83d"))
        .isEqualTo("\"\\ud800x\\udc00\ud83d\ude00\\ud83d\"");
  }

  @Test
  void quote_escapesLineAndParagraphSeparators() {
    assertThat(string("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
  }

  @Test
  void number_nanAndInfinity_areNull() {
    String json =
        new JsonWriter()
            .beginArray()
            .value(Double.NaN)
            .value(Double.POSITIVE_INFINITY)
            .value(Double.NEGATIVE_INFINITY)
            .value(1.5)
            .value(42.0)
            .value(1.5e-7)
            .value(3e20)
            .endArray()
            .toString();

    assertThat(json).isEqualTo("[null,null,null,1.5,42.0,1.5E-7,3.0E20]");
  }

  @Test
  void writer_placesCommasAndColons() throws IOException {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("user", "u1");
    attributes.put("tenant", "t\"2");
    String json =
        new JsonWriter()
            .beginObject()
            .name("a")
            .value(1)
            .name("b")
            .beginArray()
            .value(true)
            .nullValue()
            .beginObject()
            .endObject()
            .endArray()
            .name("c")
            .value((String) null)
            .name("t")
            .value(Instant.parse("2024-05-01T12:00:00Z"))
            .name("m")
            .value(attributes)
            .endObject()
            .toString();

    assertThat(json)
        .isEqualTo(
            "{\"a\":1,\"b\":[true,null,{}],\"c\":null,\"t\":\"2024-05-01T12:00:00Z\","
                + "\"m\":{\"user\":\"u1\",\"tenant\":\"t\\\"2\"}}");
    assertThat(mapper.readTree(json).get("m").get("tenant").asText()).isEqualTo("t\"2");
  }

  @Property(tries = 500)
  void anyString_parsesBackUnchanged(@ForAll("strings") String s) throws IOException {
    String json = new JsonWriter().beginObject().name(s).value(s).endObject().toString();
    // through UTF-8 bytes, as the sinks write it: the escapes keep lone surrogates intact
    JsonNode node = mapper.readTree(json.getBytes(StandardCharsets.UTF_8));

    assertThat(node.get(s).asText()).isEqualTo(s);
  }

  @Property(tries = 500)
  void anyDouble_isValidJsonOrNull(@ForAll double d) throws IOException {
    String json = new JsonWriter().beginArray().value(d).endArray().toString();
    JsonNode node = mapper.readTree(json).get(0);

    if (Double.isFinite(d)) {
      assertThat(node.doubleValue() == d).as(json).isTrue();
    } else {
      assertThat(node.isNull()).isTrue();
    }
  }

  @Provide
  Arbitrary<String> strings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(30),
        Arbitraries.strings().withChars("\"\\\n\u0000\u001f\ud800\udc00\u2028 a").ofMaxLength(10));
  }
}
