package io.productscanner.runtime.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fixture that starts in a folder: held in a {@code @RegisterExtension static final} field it starts in a
 * temporary folder of its own before the test class's first test, and after the last it is closed and the folder
 * deleted. A test that wants one of its own starts it in try-with-resources instead.
 */
public abstract class PerClassFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private Path folder;

    /** Starts everything the fixture holds, its files under {@code root}. */
    protected abstract void start(Path root) throws Exception;

    /** Stops what {@link #start} started; nothing when it did not start. */
    @Override
    public abstract void close();

    @Override
    public final void beforeAll(ExtensionContext context) throws Exception {
        folder = Files.createTempDirectory(getClass().getSimpleName());
        start(folder);
    }

    @Override
    public final void afterAll(ExtensionContext context) throws IOException {
        try {
            close();
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** What a fixture used before it started says. */
    protected static IllegalStateException notStarted(Class<?> fixture) {
        return new IllegalStateException("not started: a " + fixture.getSimpleName()
                + " starts in a @RegisterExtension static field or through its start method");
    }
}
