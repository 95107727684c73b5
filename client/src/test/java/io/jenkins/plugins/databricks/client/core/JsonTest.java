package io.jenkins.plugins.databricks.client.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Answers become the plain, serializable values the client documents, read straight from the bytes. */
class JsonTest {

    private static Object parse(String json) throws IOException {
        return Json.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void objectsAndArraysAreLinkedHashMapsAndArrayListsInTheServersOrder() throws Exception {
        Object v = parse("{\"z\": 1, \"a\": [true, false, null, \"s\"], \"m\": {\"y\": {}, \"b\": []}}");
        Map<?, ?> map = assertInstanceOf(LinkedHashMap.class, v);
        assertEquals(List.of("z", "a", "m"), new ArrayList<>(map.keySet()));
        List<?> list = assertInstanceOf(ArrayList.class, map.get("a"));
        assertEquals(Boolean.TRUE, list.get(0));
        assertEquals(Boolean.FALSE, list.get(1));
        assertNull(list.get(2));
        assertEquals("s", list.get(3));
        Map<?, ?> inner = assertInstanceOf(LinkedHashMap.class, map.get("m"));
        assertEquals(List.of("y", "b"), new ArrayList<>(inner.keySet()));
        assertInstanceOf(LinkedHashMap.class, inner.get("y"));
        assertInstanceOf(ArrayList.class, inner.get("b"));
    }

    @Test
    void wholeNumbersAreLongsAndKeepEveryDigitWhenTooLarge() throws Exception {
        List<?> v = (List<?>) parse("[0, -7, 1732000000000, 9223372036854775807, 9223372036854775808,"
                + " -123456789012345678901234567890]");
        assertEquals(0L, v.get(0));
        assertEquals(-7L, v.get(1));
        assertEquals(1732000000000L, v.get(2));
        assertEquals(Long.MAX_VALUE, v.get(3));
        assertEquals(new BigDecimal("9223372036854775808"), v.get(4));
        assertEquals(new BigDecimal("-123456789012345678901234567890"), v.get(5));
    }

    @Test
    void decimalsAreDoublesUnlessADoubleWouldLoseDigits() throws Exception {
        List<?> v = (List<?>) parse("[1.5, 0.1, 2.0, -3.25e2, 0.1000000000000000000001, 1e400, 12345678901234567.5]");
        assertEquals(1.5, v.get(0));
        assertEquals(0.1, v.get(1));
        assertEquals(2.0, v.get(2));
        assertEquals(-325.0, v.get(3));
        assertEquals(new BigDecimal("0.1000000000000000000001"), v.get(4));
        assertEquals(new BigDecimal("1e400"), v.get(5));
        assertEquals(new BigDecimal("12345678901234567.5"), v.get(6));
    }

    @Test
    void stringsAreDecodedAndALaterDuplicateKeyWins() throws Exception {
        Map<?, ?> v = (Map<?, ?>) parse("{\"k\": \"caf\\u00e9 \\\"quoted\\\" \\n\", \"k2\": \"ü\", \"k\": \"last\"}");
        assertEquals("last", v.get("k"));
        assertEquals("ü", v.get("k2"));
        assertEquals(List.of("k", "k2"), new ArrayList<>(v.keySet()));
        assertEquals("caf\u00e9 \"quoted\" \n", ((Map<?, ?>) parse("{\"k\": \"caf\\u00e9 \\\"quoted\\\" \\n\"}")).get("k"));
    }

    @Test
    void scalarsAtTheTopLevel() throws Exception {
        assertEquals("text", parse(" \"text\" "));
        assertEquals(42L, parse("42"));
        assertEquals(Boolean.TRUE, parse("true"));
        assertNull(parse("null"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n", "{\"a\": 1", "{\"a\":", "[1, 2", "{\"a\": 1} {\"b\": 2}", "[1] x", "{\"a\" 1}",
        "{1: 2}", "tru"})
    void anythingButOneCompleteValueIsAnIOException(String json) {
        assertThrows(IOException.class, () -> parse(json));
    }

    @Test
    void answersSurviveJavaSerialization() throws Exception {
        Object v = parse("{\"a\": [1, 2.5, 0.1000000000000000000001, 99999999999999999999, \"s\", true, null,"
                + " {\"b\": []}]}");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(v);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(v, in.readObject());
        }
    }

    @Test
    void aListingPageComesOutAsATreeParseCopiedIntoPlainValuesWould() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            emu.clusters().createMany(100);
            HttpResponse<byte[]> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(emu.baseUrl() + "/api/2.1/clusters/list?page_size=100"))
                    .header("Authorization", "Bearer " + TestSupport.TOKEN).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, page.statusCode());
            Object streamed = Json.parse(page.body());
            assertEquals(100, ((List<?>) ((Map<?, ?>) streamed).get("clusters")).size());
            ObjectMapper tree = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
            assertEquals(fromTree(tree.readTree(page.body())), streamed);
        }
    }

    @Test
    void successBodiesAreJsonTextOrNothing() throws Exception {
        assertNull(Transport.parseSuccess(null, ""));
        assertNull(Transport.parseSuccess(new byte[0], "application/json"));
        assertNull(Transport.parseSuccess(" \r\n\t".getBytes(StandardCharsets.UTF_8), "application/json"));
        assertNull(Transport.parseSuccess("\u2003 ".getBytes(StandardCharsets.UTF_8), "text/plain"),
                "non-ASCII white space is blank too");
        assertEquals(Map.of("a", 1L), Transport.parseSuccess("\n {\"a\": 1}".getBytes(StandardCharsets.UTF_8), ""));
        assertEquals(List.of(1L), Transport.parseSuccess("  [1]".getBytes(StandardCharsets.UTF_8), "text/plain"));
        assertEquals(7L, Transport.parseSuccess("7".getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8"));
        assertEquals(" plain ü\n", Transport.parseSuccess(" plain ü\n".getBytes(StandardCharsets.UTF_8), "text/plain"));
        assertThrows(IOException.class,
                () -> Transport.parseSuccess("not json".getBytes(StandardCharsets.UTF_8), "application/json"));
        assertTrue(Transport.parseSuccess("{}".getBytes(StandardCharsets.UTF_8), "") instanceof LinkedHashMap);
    }

    /** The conversion the client used before it read tokens directly: the reference the new parser must match. */
    private static Object fromTree(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), fromTree(e.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(child -> list.add(fromTree(child)));
            return list;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : new BigDecimal(node.bigIntegerValue());
        }
        if (node.isNumber()) {
            BigDecimal exact = node.decimalValue();
            double d = exact.doubleValue();
            return !Double.isInfinite(d) && BigDecimal.valueOf(d).compareTo(exact) == 0 ? (Object) d : exact;
        }
        return null;
    }
}
