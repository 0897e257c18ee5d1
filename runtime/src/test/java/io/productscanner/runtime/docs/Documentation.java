package io.productscanner.runtime.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's documentation, for tests that check it against the code. */
public final class Documentation {
    private Documentation() {}

    /** The checkout's root: Maven runs tests in runtime/, the IDE may run them at the root. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null
                && !(Files.isRegularFile(dir.resolve("README.md"))
                        && Files.isDirectory(dir.resolve("docs"))
                        && Files.isDirectory(dir.resolve("runtime")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no checkout root (README.md, docs/, runtime/) above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** A file of the repository, by its path from the root. */
    public static String read(String path) throws IOException {
        return Files.readString(repoRoot().resolve(path));
    }
}
