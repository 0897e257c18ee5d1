package io.productscanner.runtime.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link in the repository's Markdown (README, docs/, the plugins' READMEs) reaches a file of the
 * repository, and every {@code #anchor} into a Markdown file a heading of it: a moved or renamed section shows
 * here rather than to a reader.
 */
class DocumentationLinksTest {

    @Test
    void everyRelativeLinkInTheRepositorysMarkdownResolves() {
        MarkdownLinks links = new MarkdownLinks(Documentation.repoRoot());
        List<Path> files = links.markdownFiles();
        assertTrue(
                files.contains(Documentation.repoRoot().resolve("README.md")) && files.size() > 10, "found " + files);
        List<String> broken = links.brokenLinks();
        assertEquals(List.of(), broken, "broken links:\n" + String.join("\n", broken));
    }

    @Test
    void aMissingFileAMissingHeadingAndALinkOutOfTheRepositoryAreReported(@TempDir Path dir) throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(repo.resolve("docs"));
        Files.writeString(repo.resolve("docs/GUIDE.md"), """
                # Guide
                ## Set-up (`serve`): the first steps
                ## Set-up (`serve`): the first steps
                """);
        Files.writeString(repo.resolve("README.md"), """
                # Read me
                [guide](docs/GUIDE.md#set-up-serve-the-first-steps) and [again](docs/GUIDE.md#set-up-serve-the-first-steps-1)
                [top](#read-me), [site](https://example.com/x.md), `[code](nowhere.md)`
                ```
                [in an example](nowhere.md)
                ```
                [gone](docs/NOWHERE.md) [wrong anchor](docs/GUIDE.md#setup)
                [outside](../shared/design/ARCHITECTURE.md)
                """);
        Files.writeString(dir.resolve("shared.md"), "# outside the repository\n");

        assertEquals(
                List.of(
                        "README.md:7: docs/NOWHERE.md (no such file)",
                        "README.md:7: docs/GUIDE.md#setup (no heading with that anchor in docs/GUIDE.md)",
                        "README.md:8: ../shared/design/ARCHITECTURE.md (points outside the repository)"),
                new MarkdownLinks(repo).brokenLinks());
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertEquals("memory-bench-memory", MarkdownLinks.slug("Memory (`bench memory`)"));
        assertEquals(
                "attempted-one-script-call-for-several-platforms-finishes-not-faster-reverted",
                MarkdownLinks.slug(
                        "Attempted: one script call for several platforms' finishes (not faster, reverted)"));
        assertEquals("a-jobs-path", MarkdownLinks.slug("A job's path"));
        assertEquals("the-redis-keys", MarkdownLinks.slug("The [Redis keys](REDIS.md)"));
    }
}
