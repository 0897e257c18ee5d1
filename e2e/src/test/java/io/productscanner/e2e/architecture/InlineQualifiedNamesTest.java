package io.productscanner.e2e.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Code names types by import, not by a fully qualified name inline: the formatter orders imports but cannot move a
 * name out of the code. Comments and string literals may hold qualified names (javadoc links, logger names).
 */
class InlineQualifiedNamesTest {
    private static final Path ROOT =
            Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    private static final Pattern QUALIFIED_TYPE = Pattern.compile(
            "(?<![\\w.@])(?:java|javax|jdk|io|com|org|net|okhttp3|picocli|reactor)(?:\\.[a-z0-9_]+)+\\.[A-Z]\\w*");

    @Test
    void noJavaSourceNamesATypeByItsQualifiedNameInCode() throws IOException {
        List<String> found = new ArrayList<>();
        int files = 0;
        for (Path source : javaSources()) {
            files++;
            found.addAll(inlineQualifiedNames(source));
        }
        assertTrue(files > 300, "expected the whole repository's sources, read " + files + " files under " + ROOT);
        assertEquals(List.of(), found, "import these types instead of naming them inline");
    }

    @Test
    void theCheckSeesAQualifiedNameInCodeButNotInCommentsOrStrings() {
        String source = """
                package x;
                import java.util.List;
                /** See {@link java.util.Map}. */
                class A {
                    // java.time.Instant in a comment
                    String s = "java.time.Duration";
                    Object o = new java.util.ArrayList<>();
                }
                """;
        assertEquals(List.of("A.java:7: java.util.ArrayList"), inlineQualifiedNames("A.java", source));
    }

    private static List<Path> javaSources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> !path.getFileName().toString().equals("module-info.java"))
                    .filter(path ->
                            ROOT.relativize(path).toString().matches("(?!.*(^|/)(target|node_modules|\\.git)/).*"))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> inlineQualifiedNames(Path source) throws IOException {
        return inlineQualifiedNames(ROOT.relativize(source).toString(), Files.readString(source));
    }

    static List<String> inlineQualifiedNames(String name, String source) {
        String code = blankCommentsAndLiterals(source);
        List<String> found = new ArrayList<>();
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("import ") || line.startsWith("package ")) {
                continue;
            }
            Matcher matcher = QUALIFIED_TYPE.matcher(lines[i]);
            while (matcher.find()) {
                found.add(name + ":" + (i + 1) + ": " + matcher.group());
            }
        }
        return found;
    }

    /** The source with comments, string, text block and char literals replaced by spaces, newlines kept. */
    private static String blankCommentsAndLiterals(String source) {
        StringBuilder out = new StringBuilder(source);
        int i = 0;
        while (i < source.length()) {
            int end;
            if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
                end = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? source.length() : end + 3;
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                end = i + 1;
                while (end < source.length() && source.charAt(end) != quote) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(source.length(), end + 1);
            } else {
                i++;
                continue;
            }
            for (int k = i; k < end; k++) {
                if (out.charAt(k) != '\n') {
                    out.setCharAt(k, ' ');
                }
            }
            i = end;
        }
        return out.toString();
    }
}
