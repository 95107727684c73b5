package io.jenkins.plugins.databricks.client.core;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON to and from plain Java values. Answers become LinkedHashMap, ArrayList, String, Long, Double,
 * BigDecimal, Boolean or null: all Serializable, so Jenkins Pipeline can keep them across restarts.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /**
     * Parses JSON text; IOException on anything that is not one complete JSON value. Reads tokens straight into
     * plain values: building a Jackson tree first and copying it held every answer twice (a listing page of 100
     * clusters is about 1 MB of LinkedHashMaps, and the tree as much again).
     */
    public static Object parse(byte[] json) throws IOException {
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() == null) {
                throw new IOException("no JSON value");
            }
            Object value = value(p);
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "Trailing token (of type " + p.currentToken()
                        + ") found after the JSON value");
            }
            return value;
        }
    }

    /** A streaming parser over an answer, for values too large to hold (an exported file's base64 content). */
    public static JsonParser parser(java.io.InputStream in) throws IOException {
        return MAPPER.getFactory().createParser(in);
    }

    /** A generator that writes JSON values to {@code out}, leaving it open when closed. */
    public static com.fasterxml.jackson.core.JsonGenerator generator(java.io.OutputStream out) throws IOException {
        com.fasterxml.jackson.core.JsonGenerator g = MAPPER.getFactory().createGenerator(out)
                .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setRootValueSeparator(null);
        return g;
    }

    public static Object parse(String json) throws IOException {
        return parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The value starting at the parser's current token; leaves the parser on that value's last token. */
    public static Object value(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == null) {
            throw new JsonParseException(p, "Unexpected end-of-input");
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    p.nextToken();
                    map.put(name, value(p));
                }
                requireEnd(p, JsonToken.END_OBJECT);
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    list.add(value(p));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NUMBER_INT:
                // whole numbers that fit a long are Long, larger ones keep every digit
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new BigDecimal(p.getBigIntegerValue()) : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return decimal(p.getDecimalValue());
            case VALUE_NULL:
                return null;
            default:
                throw new JsonParseException(p, "Unexpected token " + token);
        }
    }

    private static void requireEnd(JsonParser p, JsonToken end) throws IOException {
        if (p.currentToken() != end) {
            throw new JsonParseException(p, "Unexpected token " + p.currentToken() + ", expected " + end);
        }
    }

    /** A Double when it says the same number, otherwise a BigDecimal with every digit the server sent. */
    private static Object decimal(BigDecimal exact) {
        double d = exact.doubleValue();
        if (!Double.isInfinite(d) && BigDecimal.valueOf(d).compareTo(exact) == 0) {
            return d;
        }
        return exact;
    }
}
