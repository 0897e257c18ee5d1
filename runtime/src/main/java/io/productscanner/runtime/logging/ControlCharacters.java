package io.productscanner.runtime.logging;

/**
 * The characters that must never reach a log or a message raw: every C0 control (CR, LF, tab, ESC...), DEL, every
 * C1 control (NEL among them) and the Unicode line and paragraph separators. Any of them can end a line in some
 * reader, or drive a terminal, so a value carrying one could forge a line or hide one.
 */
public final class ControlCharacters {
    private ControlCharacters() {}

    public static boolean isControl(int c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029;
    }

    public static boolean containsAny(String text) {
        return text.chars().anyMatch(ControlCharacters::isControl);
    }

    /**
     * {@code text} with each control written as a backslash escape: {@code \n}, {@code \r}, {@code \t}, others as
     * <code>&#92;u001b</code>. Other characters, backslashes included, stay as they are.
     */
    public static String escape(String text) {
        if (!containsAny(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            appendEscaped(out, text.charAt(i));
        }
        return out.toString();
    }

    /** Appends {@code c}, escaped when it is a control. */
    static void appendEscaped(StringBuilder out, char c) {
        if (!isControl(c)) {
            out.append(c);
            return;
        }
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> out.append(String.format("\\u%04x", (int) c));
        }
    }
}
