package io.productscanner.runtime.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the relative links of the Markdown files under a root: each target must exist inside the root, and an
 * {@code #anchor} into a Markdown file must name one of its headings (as GitHub turns headings into anchors).
 * Links to other sites, and anything inside code, are left alone.
 */
final class MarkdownLinks {
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", "node_modules");

    private final Path root;
    private final Map<Path, Set<String>> anchors = new HashMap<>();

    MarkdownLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** One line per broken link: {@code file:line: target (why)}; empty when every link resolves. */
    List<String> brokenLinks() {
        List<String> broken = new ArrayList<>();
        for (Path file : markdownFiles()) {
            List<String> lines = prose(file);
            for (int i = 0; i < lines.size(); i++) {
                String where = root.relativize(file) + ":" + (i + 1) + ": ";
                Matcher link = LINK.matcher(INLINE_CODE.matcher(lines.get(i)).replaceAll("code"));
                while (link.find()) {
                    problem(file, link.group(1)).ifPresent(why -> broken.add(where + why));
                }
            }
        }
        return broken;
    }

    List<Path> markdownFiles() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(path -> path.toString().endsWith(".md") && Files.isRegularFile(path))
                    .filter(path -> !skipped(root.relativize(path)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (SKIPPED_FOLDERS.contains(name) || (name.startsWith(".") && !name.equals("."))) {
                return true;
            }
        }
        return false;
    }

    private Optional<String> problem(Path file, String target) {
        if (SCHEME.matcher(target).find()) {
            return Optional.empty();
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            return Optional.of(target + " (points outside the repository)");
        }
        if (!Files.exists(resolved)) {
            return Optional.of(target + " (no such file)");
        }
        if (anchor != null
                && resolved.toString().endsWith(".md")
                && !anchorsOf(resolved).contains(anchor)) {
            return Optional.of(target + " (no heading with that anchor in " + root.relativize(resolved) + ")");
        }
        return Optional.empty();
    }

    private Set<String> anchorsOf(Path file) {
        return anchors.computeIfAbsent(file, f -> {
            Set<String> found = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            for (String line : prose(f)) {
                Matcher heading = HEADING.matcher(line);
                if (heading.matches()) {
                    String slug = slug(heading.group(1));
                    int count = seen.merge(slug, 1, Integer::sum);
                    found.add(count == 1 ? slug : slug + "-" + (count - 1));
                }
            }
            return found;
        });
    }

    /** GitHub's anchor of a heading: its text lower-cased, punctuation dropped, spaces turned into hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (c == '-'
                    || Character.isLetterOrDigit(c)
                    || Character.getType(c) == Character.CONNECTOR_PUNCTUATION
                    || Character.getType(c) == Character.NON_SPACING_MARK) {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }

    /** The file's lines with fenced code blocks blanked, so links and headings in examples do not count. */
    private static List<String> prose(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> out = new ArrayList<>(lines.size());
        boolean fenced = false;
        for (String line : lines) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
                out.add("");
            } else {
                out.add(fenced ? "" : line);
            }
        }
        return out;
    }
}
