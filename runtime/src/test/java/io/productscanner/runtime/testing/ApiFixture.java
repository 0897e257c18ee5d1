package io.productscanner.runtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestApi} set up as a group of tests needs it. Held in a {@code @RegisterExtension static final} field it
 * starts in a temporary folder of its own before the test class's first test; after the last it stops and the
 * folder goes. A test that wants one of its own starts it in a folder it names ({@link #startIn}) and closes it.
 */
public abstract class ApiFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private Path folder;
    private TestApi api;

    /** What this fixture's API holds beyond an empty one. */
    protected abstract TestApi.Builder configure(TestApi.Builder api);

    /** Starts now, its workflows, plugins and results under {@code root}. */
    protected final void startIn(Path root) throws IOException {
        api = configure(TestApi.in(root)).start();
    }

    /** The running API. */
    protected final TestApi api() {
        if (api == null) {
            throw new IllegalStateException("not started: a " + getClass().getSimpleName()
                    + " starts in a @RegisterExtension static field or through its start method");
        }
        return api;
    }

    @Override
    public final void beforeAll(ExtensionContext context) throws IOException {
        folder = Files.createTempDirectory(getClass().getSimpleName());
        startIn(folder);
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

    @Override
    public void close() {
        if (api != null) {
            api.close();
            api = null;
        }
    }
}
