package io.radshift.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A CSV manifest of images, one row per image, with a {@code file} column relative to the manifest's folder
 * (the layout of {@code shared/data/cxr/manifest.csv}). Used by {@code baseline}, {@code assess},
 * {@code publish} and the benchmarks to select studies with {@code --where column=value}.
 */
public final class Manifest {

    /** One image of the manifest: its absolute path and every column of its row. */
    public record Row(Path file, Map<String, String> columns) {
        /** The value of a column, or the empty string when the column is absent or empty. */
        public String get(final String column) {
            return columns.getOrDefault(column, "");
        }
    }

    private final Path csv;
    private final List<String> header;
    private final List<Row> rows;

    private Manifest(final Path csv, final List<String> header, final List<Row> rows) {
        this.csv = csv;
        this.header = List.copyOf(header);
        this.rows = Collections.unmodifiableList(rows);
    }

    /** Reads a manifest; fails with the line number on a malformed row and when there is no {@code file} column. */
    public static Manifest read(final Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new IOException("manifest not found: " + csv);
        }
        final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException("manifest " + csv + " is empty");
        }
        final List<String> header = parseLine(lines.get(0), csv, 1);
        if (!header.contains("file")) {
            throw new IOException("manifest " + csv + " has no 'file' column (columns: " + header + ")");
        }
        final Path base = csv.toAbsolutePath().getParent();
        final List<Row> rows = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            final List<String> values = parseLine(lines.get(i), csv, i + 1);
            if (values.size() != header.size()) {
                throw new IOException(csv + " line " + (i + 1) + ": " + values.size() + " fields, header has " + header.size());
            }
            final Map<String, String> columns = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                columns.put(header.get(c), values.get(c));
            }
            rows.add(new Row(base.resolve(columns.get("file")).normalize(), Collections.unmodifiableMap(columns)));
        }
        return new Manifest(csv, header, rows);
    }

    /** All rows, in file order. */
    public List<Row> rows() {
        return rows;
    }

    /** The column names. */
    public List<String> header() {
        return header;
    }

    /**
     * Rows matching every {@code column=value} clause (exact match; {@code column=a|b} matches either value).
     *
     * @throws IllegalArgumentException for a clause without '=' or naming an unknown column
     */
    public List<Row> where(final List<String> clauses) {
        Predicate<Row> filter = row -> true;
        for (final String clause : clauses) {
            filter = filter.and(clausePredicate(clause));
        }
        return rows.stream().filter(filter).toList();
    }

    private Predicate<Row> clausePredicate(final String clause) {
        final int eq = clause.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--where expects column=value, got '" + clause + "'");
        }
        final String column = clause.substring(0, eq).trim();
        if (!header.contains(column)) {
            throw new IllegalArgumentException("--where names unknown column '" + column + "' of " + csv + " (columns: " + header + ")");
        }
        final List<String> accepted = List.of(clause.substring(eq + 1).split("\\|", -1));
        return row -> accepted.contains(row.get(column));
    }

    /** Splits one RFC 4180 line (quoted fields may contain commas and doubled quotes). */
    static List<String> parseLine(final String line, final Path csv, final int lineNumber) throws IOException {
        final List<String> fields = new ArrayList<>();
        final StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            final char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new IOException(csv + " line " + lineNumber + ": unterminated quoted field");
        }
        fields.add(field.toString());
        return fields;
    }
}
