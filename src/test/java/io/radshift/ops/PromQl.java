package io.radshift.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crude PromQL reading for lint tests: metric names, label matchers of a selector and the arguments of
 * range functions. Not a parser; enough for the queries this repository writes.
 */
final class PromQl {

    private static final Pattern METRIC = Pattern.compile("\\b((?:radshift|kafka)_[a-z0-9_]+)");
    private static final Pattern SELECTOR = Pattern.compile("\\b((?:radshift|kafka)_[a-z0-9_]+)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One label matcher such as {@code kind=~"A|B"}. */
    record LabelMatcher(String label, String op, String value) {
        /** Whether a series whose {@code label} has {@code actual} passes this matcher (regexes are anchored, as in PromQL). */
        boolean accepts(final String actual) {
            return switch (op) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case "=~" -> actual.matches(value);
                default -> !actual.matches(value);
            };
        }
    }

    private PromQl() {
    }

    /** Metric names starting with radshift_ or kafka_. */
    static Set<String> metricNames(final String expr) {
        final Set<String> names = new TreeSet<>();
        final Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The label names each radshift_/kafka_ selector matches on, as "metric -> labels" pairs. */
    static List<Selector> selectors(final String expr) {
        final List<Selector> selectors = new ArrayList<>();
        final Matcher m = SELECTOR.matcher(expr);
        while (m.find()) {
            selectors.add(new Selector(m.group(1), matchers(m.group(2))));
        }
        return selectors;
    }

    /** A metric selector with its label matchers. */
    record Selector(String metric, List<LabelMatcher> matchers) {
    }

    static List<LabelMatcher> matchers(final String inBraces) {
        final List<LabelMatcher> matchers = new ArrayList<>();
        final Matcher m = MATCHER.matcher(inBraces);
        while (m.find()) {
            matchers.add(new LabelMatcher(m.group(1), m.group(2), m.group(3)));
        }
        return matchers;
    }

    /**
     * The argument text of every call to {@code function} (e.g. "rate"), found by matching parentheses, so that
     * {@code rate(x[5m])} yields {@code x[5m]}. "irate(" is not taken for "rate(".
     */
    static List<String> callArguments(final String expr, final String function) {
        final List<String> arguments = new ArrayList<>();
        final Matcher m = Pattern.compile("(?<![a-zA-Z_])" + Pattern.quote(function) + "\\s*\\(").matcher(expr);
        while (m.find()) {
            int depth = 1;
            int i = m.end();
            while (i < expr.length() && depth > 0) {
                final char c = expr.charAt(i);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                i++;
            }
            arguments.add(expr.substring(m.end(), depth == 0 ? i - 1 : expr.length()));
        }
        return arguments;
    }
}
