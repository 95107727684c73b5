package io.jenkins.plugins.databricks.client.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jenkins.plugins.databricks.client.core.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Rows written to a local file as they arrive: CSV (RFC 4180, a header line, NULL as an empty field) or JSON Lines
 * (one object per row, values typed by the manifest). Memory holds one row and a write buffer. A chunk that is read
 * again after a failure first cuts the file back to where that chunk began.
 */
public final class RowFile implements Statements.RowSink, AutoCloseable {
    /** The formats a result can be written in, by file name ending. */
    public enum Format {
        CSV, JSONL;

        /** CSV for {@code .csv}, JSONL for {@code .jsonl}, {@code .ndjson} and {@code .json}. */
        public static Format forFileName(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.endsWith(".csv")) {
                return CSV;
            }
            if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
                return JSONL;
            }
            throw new IllegalArgumentException("outputFile: '" + name + "' should end in .csv (CSV) or .jsonl "
                    + "(JSON Lines; also .ndjson, .json)");
        }
    }

    private final FileChannel channel;
    private final OutputStream out;
    private final Format format;
    private final List<StatementState.Column> columns;
    private final JsonGenerator json;

    private RowFile(FileChannel channel, Format format, List<StatementState.Column> columns) throws IOException {
        this.channel = channel;
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
        this.format = format;
        this.columns = List.copyOf(columns);
        this.json = format == Format.JSONL ? Json.generator(out) : null;
    }

    /**
     * Creates (or replaces) the file and writes the CSV header.
     *
     * @param file where the rows go
     * @param format CSV or JSONL
     * @param columns the result's columns
     */
    public static RowFile create(Path file, Format format, List<StatementState.Column> columns) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            RowFile f = new RowFile(ch, format, columns);
            if (format == Format.CSV) {
                String[] names = new String[columns.size()];
                for (int i = 0; i < names.length; i++) {
                    names[i] = columns.get(i).name();
                }
                f.csv(names);
            }
            return f;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void row(String[] values) throws IOException {
        if (format == Format.CSV) {
            csv(values);
            return;
        }
        json.writeStartObject();
        for (int i = 0; i < columns.size() && i < values.length; i++) {
            json.writeFieldName(columns.get(i).name());
            Object v = SqlValues.typed(values[i], columns.get(i).typeName());
            if (v == null) {
                json.writeNull();
            } else if (v instanceof Boolean) {
                json.writeBoolean((Boolean) v);
            } else if (v instanceof Integer || v instanceof Long) {
                json.writeNumber(((Number) v).longValue());
            } else if (v instanceof Double && Double.isFinite((Double) v)) {
                json.writeNumber((Double) v);
            } else if (v instanceof BigDecimal) {
                json.writeNumber((BigDecimal) v);
            } else {
                json.writeString(String.valueOf(v));
            }
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private void csv(String[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            String v = values[i];
            if (v == null) {
                continue;
            }
            if (v.isEmpty() || v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
                    || v.indexOf('\r') >= 0) {
                out.write('"');
                write(v.replace("\"", "\"\""));
                out.write('"');
            } else {
                write(v);
            }
        }
        out.write('\r');
        out.write('\n');
    }

    /** UTF-8 without a String copy for the (usual) ASCII value. */
    private void write(String v) throws IOException {
        int n = v.length();
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c >= 0x80) {
                out.write(v.substring(i).getBytes(StandardCharsets.UTF_8));
                return;
            }
            out.write(c);
        }
    }

    @Override
    public long mark() throws IOException {
        flush();
        return channel.position();
    }

    @Override
    public void reset(long mark) throws IOException {
        flush();
        if (channel.position() != mark) {
            channel.truncate(mark);
            channel.position(mark);
        }
    }

    private void flush() throws IOException {
        if (json != null) {
            json.flush();
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}
