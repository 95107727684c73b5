package io.jenkins.plugins.databricks.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON to and from plain Java values. Answers become LinkedHashMap, ArrayList, String, Long, Double,
 * BigDecimal, Boolean or null: all Serializable, so Jenkins Pipeline can keep them across restarts.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** Parses JSON text; IOException on anything that is not one complete JSON value. */
    static Object parse(byte[] json) throws IOException {
        JsonNode node = MAPPER.readTree(json);
        if (node == null || node.isMissingNode()) {
            throw new IOException("no JSON value");
        }
        return toPlain(node);
    }

    static Object parse(String json) throws IOException {
        return parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Object toPlain(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    map.put(e.getKey(), toPlain(e.getValue()));
                }
                return map;
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode child : node) {
                    list.add(toPlain(child));
                }
                return list;
            }
            case STRING:
                return node.textValue();
            case BOOLEAN:
                return node.booleanValue();
            case NUMBER:
                return number(node);
            default:
                return null;
        }
    }

    private static Object number(JsonNode node) {
        if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) {
                return node.longValue();
            }
            return new BigDecimal(node.bigIntegerValue());
        }
        BigDecimal exact = node.decimalValue();
        double d = exact.doubleValue();
        // a Double when it says the same number, otherwise keep every digit the server sent
        if (!Double.isInfinite(d) && BigDecimal.valueOf(d).compareTo(exact) == 0) {
            return d;
        }
        return exact;
    }
}
