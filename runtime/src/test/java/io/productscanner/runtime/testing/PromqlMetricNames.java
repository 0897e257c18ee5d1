package io.productscanner.runtime.testing;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads: what is left after label matchers, ranges, strings, grouping
 * clauses, function names and keywords are taken out. Enough for the expressions of our dashboards and rules
 * (GrafanaDashboardsTest here, and the compose stack test, which checks every rule's series exist).
 */
public final class PromqlMetricNames {
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(?!\\s*\\(|[a-zA-Z0-9_:])");
    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "inf",
            "nan");

    private PromqlMetricNames() {}

    public static Set<String> of(String expression) {
        String rest = STRINGS.matcher(expression).replaceAll(" ");
        rest = MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGES.matcher(rest).replaceAll(" ");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(rest);
        while (matcher.find()) {
            String name = matcher.group();
            boolean partOfNumber = matcher.start() > 0
                    && (Character.isDigit(rest.charAt(matcher.start() - 1))
                            || rest.charAt(matcher.start() - 1) == '.'
                            || rest.charAt(matcher.start() - 1) == '$');
            if (!KEYWORDS.contains(name.toLowerCase(Locale.ROOT)) && !partOfNumber) {
                names.add(name);
            }
        }
        return names;
    }
}
