package io.productscanner.runtime.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of MONITOR's output, {@code 1712345678.123456 [0 127.0.0.1:5000] "SET" "k" "v"}: a command run by a
 * script shows {@code [0 lua]} instead of the client's address.
 */
final class MonitorLine {
    private MonitorLine() {}

    static boolean fromScript(String line) {
        int open = line.indexOf('[');
        int close = line.indexOf(']');
        return open >= 0 && close > open && line.substring(open, close).endsWith(" lua");
    }

    /** The command and its arguments, unquoted (MONITOR escapes as C strings: \" \\ \n \r \t \a \b \xHH). */
    static List<String> arguments(String line) {
        List<String> words = new ArrayList<>();
        int at = line.indexOf(']');
        if (at < 0) {
            return words;
        }
        at = line.indexOf('"', at);
        while (at >= 0 && at < line.length()) {
            ByteArrayOutputStream word = new ByteArrayOutputStream();
            int i = at + 1;
            while (i < line.length() && line.charAt(i) != '"') {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length()) {
                    char next = line.charAt(i + 1);
                    switch (next) {
                        case 'n' -> word.write('\n');
                        case 'r' -> word.write('\r');
                        case 't' -> word.write('\t');
                        case 'a' -> word.write(7);
                        case 'b' -> word.write('\b');
                        case 'x' -> {
                            word.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
                            i += 2;
                        }
                        default -> word.write(next);
                    }
                    i += 2;
                } else {
                    word.write(c);
                    i++;
                }
            }
            words.add(word.toString(StandardCharsets.UTF_8));
            at = line.indexOf('"', i + 1);
        }
        return words;
    }
}
