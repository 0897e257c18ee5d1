package io.productscanner.runtime.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The one directory ({@code CATALOG_DIR}) whose files a job may read as its catalog ({@code params.catalog_file}).
 * A name is relative to the directory (or absolute inside it) and is resolved as the file system resolves it,
 * symlinks and {@code ..} included; it must land on a readable regular {@code .jsonl} or {@code .csv} file inside
 * the directory. Every refusal that depends on what exists reads {@link #REFUSED}, so the answer tells nothing
 * about files outside the directory, nor whether a file inside it is missing or unreadable.
 */
public final class CatalogDirectory {
    /** The answer to a name that does not lead to a catalog file in the directory, whatever the reason. */
    public static final String REFUSED =
            "must name a .jsonl or .csv file in the catalog directory (CATALOG_DIR), relative to it";

    private final Path directory;

    public CatalogDirectory(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** What is wrong with {@code name} as a catalog file, or empty when a job may read it. */
    public Optional<String> problem(String name) {
        return resolve(name).problem();
    }

    /**
     * The catalog file {@code name} names, to read now; resolved again here, since the directory may have changed
     * (or been configured differently) since the job was accepted.
     *
     * @throws IllegalArgumentException with the {@link #problem} when a job may not read it
     */
    public CatalogSource open(String name) {
        Resolved resolved = resolve(name);
        if (resolved.file() == null) {
            throw new IllegalArgumentException(resolved.problem().orElseThrow());
        }
        // the name the job gave, not where the file really is: that path is the server's business
        return name.endsWith(".csv") ? new CsvCatalog(resolved.file(), name) : new JsonlCatalog(resolved.file(), name);
    }

    /** The real file, or the problem; never both. */
    private record Resolved(Path file, Optional<String> problem) {
        static Resolved refused(String problem) {
            return new Resolved(null, Optional.of(problem));
        }
    }

    private Resolved resolve(String name) {
        if (name.chars().anyMatch(Character::isISOControl)) {
            return Resolved.refused("must not contain control characters");
        }
        if (!name.endsWith(".jsonl") && !name.endsWith(".csv")) {
            return Resolved.refused("must end in .jsonl or .csv");
        }
        try {
            // first by the name alone, so a path plainly outside is refused without looking at the file system
            Path base = directory.toAbsolutePath().normalize();
            Path named = base.resolve(name);
            if (!inside(named.normalize(), base)) {
                return Resolved.refused(REFUSED);
            }
            Path real = named.toRealPath();
            if (!inside(real, directory.toRealPath()) || !Files.isRegularFile(real) || !Files.isReadable(real)) {
                return Resolved.refused(REFUSED);
            }
            return new Resolved(real, Optional.empty());
        } catch (IOException | InvalidPathException | SecurityException e) {
            return Resolved.refused(REFUSED);
        }
    }

    private static boolean inside(Path file, Path base) {
        return file.startsWith(base) && !file.equals(base);
    }
}
