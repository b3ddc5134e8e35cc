package io.radshift.report.chart;

import java.util.Locale;

/**
 * A minimal SVG writer: elements with escaped attributes and text, numbers with at most two decimals. An attribute
 * whose value is {@code null} is left out.
 */
final class Svg {

    private final StringBuilder out = new StringBuilder();

    /** Opens an element; {@code attributes} alternate names and values. */
    void open(final String name, final Object... attributes) {
        out.append('<').append(name);
        attributes(attributes);
        out.append('>');
    }

    void close(final String name) {
        out.append("</").append(name).append(">\n");
    }

    /** An element without content. */
    void empty(final String name, final Object... attributes) {
        out.append('<').append(name);
        attributes(attributes);
        out.append("/>\n");
    }

    /** An element holding only text. */
    void element(final String name, final String text) {
        out.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append(">\n");
    }

    void text(final double x, final double y, final String text, final String anchor, final String cssClass) {
        open("text", "x", x, "y", y, "text-anchor", anchor, "class", cssClass);
        out.append(escape(text));
        close("text");
    }

    /**
     * Text read bottom to top, centred on (x, y): a y-axis caption; squeezed to {@code length} pixels unless that
     * is null.
     */
    void rotatedText(final double x, final double y, final String text, final String cssClass, final Double length) {
        open("text", "x", x, "y", y, "text-anchor", "middle", "class", cssClass,
            "transform", "rotate(-90 " + number(x) + " " + number(y) + ")", "textLength", length,
            "lengthAdjust", length == null ? null : "spacingAndGlyphs");
        out.append(escape(text));
        close("text");
    }

    /** Text slanted down to the left from (x, y): a long category name under its tick. */
    void slantedText(final double x, final double y, final String text, final String cssClass) {
        open("text", "x", x, "y", y, "text-anchor", "end", "class", cssClass,
            "transform", "rotate(-40 " + number(x) + " " + number(y) + ")");
        out.append(escape(text));
        close("text");
    }

    private void attributes(final Object... attributes) {
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            final Object value = attributes[i + 1];
            if (value != null) {
                out.append(' ').append(attributes[i]).append("=\"")
                    .append(value instanceof Number n ? number(n.doubleValue()) : escape(value.toString())).append('"');
            }
        }
    }

    /** A coordinate or size: integers as such, others with two decimals. */
    static String number(final double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Escapes text for XML content and attribute values. */
    static String escape(final String s) {
        final StringBuilder b = new StringBuilder(s.length());
        for (final char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
