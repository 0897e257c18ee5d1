package io.productscanner.runtime.catalog;

import java.util.regex.Pattern;

/**
 * Postgres {@code ILIKE} outside the database, so file catalogs filter exactly like the table: {@code %} matches
 * any run of characters, {@code _} exactly one, a backslash makes the next character literal, and letters match
 * regardless of case. Like ILIKE, the whole text must match.
 */
final class LikePattern {
    private LikePattern() {}

    /** @throws IllegalArgumentException when the pattern ends with a lone backslash, as Postgres refuses it too */
    static Pattern compile(String like) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\') {
                if (i + 1 == like.length()) {
                    throw new IllegalArgumentException("must not end with the escape character \\");
                }
                literal.append(like.charAt(++i));
            } else if (c == '%' || c == '_') {
                appendLiteral(regex, literal);
                regex.append(c == '%' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        appendLiteral(regex, literal);
        return Pattern.compile(regex.toString(), Pattern.DOTALL | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static void appendLiteral(StringBuilder regex, StringBuilder literal) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}
