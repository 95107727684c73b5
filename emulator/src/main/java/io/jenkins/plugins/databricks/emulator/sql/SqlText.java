package io.jenkins.plugins.databricks.emulator.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Turns Databricks SQL text into the embedded engine's: named parameter markers ({@code :name}) become bound
 * {@code ?} markers (never text), and catalog names are mapped where the engine reserves the Databricks name
 * ({@code main}). It reads the text as tokens, so quotes, back-quoted identifiers, comments and {@code ::} casts
 * are left alone.
 */
final class SqlText {
    /** A statement ready for the engine and the parameter names in the order their markers appear. */
    record Prepared(String sql, List<String> bindOrder) {}

    private static final Set<String> CATALOG_THEN_SCHEMA = Set.of("SCHEMA", "DATABASE", "USE", "IN");

    private SqlText() {}

    /**
     * @param types each parameter's engine type, or null for an untyped (STRING) parameter; a marker with no
     *              entry is unbound
     * @param catalogs maps a Databricks catalog name to the engine's
     * @throws SqlFailure for an unbound marker or more than one statement
     */
    static Prepared prepare(String sql, Map<String, String> types, UnaryOperator<String> catalogs) {
        List<Token> tokens = tokens(sql);
        StringBuilder out = new StringBuilder(sql.length() + 16);
        List<String> order = new ArrayList<>();
        int last = 0;
        boolean ended = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind == Kind.SPACE) {
                continue;
            }
            if (ended) {
                throw new SqlFailure("PARSE_SYNTAX_ERROR", "42601", "Syntax error at or near '" + t.text(sql)
                        + "': one statement per request; the Statement Execution API runs a single statement");
            }
            if (t.kind == Kind.SYMBOL && t.text(sql).equals(";")) {
                ended = true;
                out.append(sql, last, t.start);
                last = t.end;
                continue;
            }
            if (t.kind == Kind.PARAM) {
                String name = sql.substring(t.start + 1, t.end);
                if (!types.containsKey(name)) {
                    throw new SqlFailure("UNBOUND_SQL_PARAMETER", "42P02", "Found the unbound parameter: " + name
                            + ". Please, fix `args` and provide a mapping of the parameter to either a SQL literal "
                            + "or collection constructor functions.");
                }
                out.append(sql, last, t.start);
                String type = types.get(name);
                out.append(type == null ? "?" : "CAST(? AS " + type + ")");
                order.add(name);
                last = t.end;
                continue;
            }
            if (t.kind == Kind.WORD && isCatalogPosition(tokens, i, sql)) {
                String mapped = catalogs.apply(unquote(t.text(sql)));
                if (!mapped.equals(unquote(t.text(sql)))) {
                    out.append(sql, last, t.start).append('"').append(mapped).append('"');
                    last = t.end;
                }
            }
        }
        out.append(sql, last, sql.length());
        return new Prepared(out.toString(), order);
    }

    /**
     * The first part of a three-part name ({@code c.s.t}), or of a two-part name right after SCHEMA, DATABASE, USE or IN
     * (schema positions: ({@code CREATE SCHEMA c.s}, {@code USE c.s}), or the name after CATALOG.
     */
    private static boolean isCatalogPosition(List<Token> tokens, int i, String sql) {
        if (i >= 2 && isDot(tokens.get(i - 1), sql)) {
            return false; // a later part of a name
        }
        int parts = 1;
        int j = i;
        while (j + 2 < tokens.size() && isDot(tokens.get(j + 1), sql) && tokens.get(j + 2).kind == Kind.WORD) {
            parts++;
            j += 2;
        }
        if (parts >= 3) {
            return true;
        }
        String before = previousWord(tokens, i, sql);
        if (before == null) {
            return false;
        }
        if (parts == 1) {
            return before.equals("CATALOG");
        }
        return parts == 2 && CATALOG_THEN_SCHEMA.contains(before)
                || parts == 2 && before.equals("EXISTS") && schemaStatement(tokens, i, sql);
    }

    private static boolean schemaStatement(List<Token> tokens, int i, String sql) {
        for (int k = i - 1; k >= 0; k--) {
            Token t = tokens.get(k);
            if (t.kind == Kind.WORD) {
                String w = t.text(sql).toUpperCase(Locale.ROOT);
                if (w.equals("SCHEMA") || w.equals("DATABASE")) {
                    return true;
                }
                if (!w.equals("IF") && !w.equals("NOT") && !w.equals("EXISTS")) {
                    return false;
                }
            }
        }
        return false;
    }

    private static String previousWord(List<Token> tokens, int i, String sql) {
        for (int k = i - 1; k >= 0; k--) {
            Token t = tokens.get(k);
            if (t.kind == Kind.SPACE) {
                continue;
            }
            return t.kind == Kind.WORD ? t.text(sql).toUpperCase(Locale.ROOT) : null;
        }
        return null;
    }

    private static boolean isDot(Token t, String sql) {
        return t.kind == Kind.SYMBOL && t.end - t.start == 1 && sql.charAt(t.start) == '.';
    }

    static String unquote(String word) {
        if (word.length() >= 2 && (word.charAt(0) == '`' || word.charAt(0) == '"')) {
            char q = word.charAt(0);
            return word.substring(1, word.length() - 1).replace(String.valueOf(q) + q, String.valueOf(q));
        }
        return word;
    }

    private enum Kind { WORD, PARAM, STRING, SPACE, SYMBOL }

    private record Token(Kind kind, int start, int end) {
        String text(String sql) {
            return sql.substring(start, end);
        }
    }

    /** Comments count as space; an unterminated quote or comment runs to the end (the engine reports it). */
    private static List<Token> tokens(String sql) {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(sql.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.SPACE, start, i));
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                out.add(new Token(Kind.SPACE, start, i));
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                out.add(new Token(Kind.SPACE, start, i));
            } else if (c == '\'') {
                i = closing(sql, i, '\'', true);
                out.add(new Token(Kind.STRING, start, i));
            } else if (c == '"' || c == '`') {
                i = closing(sql, i, c, false);
                out.add(new Token(Kind.WORD, start, i));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.WORD, start, i));
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                i += 2; // a cast, x::INT
                out.add(new Token(Kind.SYMBOL, start, i));
            } else if (c == ':' && i + 1 < n && (Character.isLetter(sql.charAt(i + 1)) || sql.charAt(i + 1) == '_')) {
                i++;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.PARAM, start, i));
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.SYMBOL, start, i));
            } else {
                i++;
                out.add(new Token(Kind.SYMBOL, start, i));
            }
        }
        return out;
    }

    /** Past the closing quote; a doubled quote is the quote itself, and in strings a backslash escapes. */
    private static int closing(String sql, int open, char q, boolean backslash) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslash && c == '\\') {
                i += 2;
            } else if (c == q) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == q) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }
}
