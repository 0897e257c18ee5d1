package io.productscanner.e2e.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No module of the build has a package cycle: in the production classes of every module the reactor builds (read
 * from the root POM's modules, so a new module is checked without being listed here), no package imports from a
 * package that imports it back, directly or through others. It runs here, after every other module of the reactor
 * is compiled; {@code mvn verify -pl e2e -Dtest=PackageCyclesTest} checks classes built earlier.
 */
class PackageCyclesTest {
    private static final Path ROOT =
            Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");
    private static final Pattern POM_PACKAGING = Pattern.compile("<packaging>\\s*pom\\s*</packaging>");

    /** Each package is a slice of its own: a cycle between a package and its sub-package counts too. */
    private static final ArchRule NO_PACKAGE_CYCLE =
            slices().matching("io.productscanner.(**)").should().beFreeOfCycles();

    @Test
    void noModuleHasAPackageCycle() throws IOException {
        List<Path> modules = codeModules(ROOT);
        assertTrue(modules.size() >= 10, "the reactor's modules were not found under " + ROOT + ": " + modules);
        List<String> cycles = new ArrayList<>();
        for (Path module : modules) {
            Path classes = module.resolve("target/classes");
            if (!Files.isDirectory(classes)) {
                fail(ROOT.relativize(module) + " has no compiled classes in " + classes + ": build the reactor first"
                        + " (mvn install -DskipTests)");
            }
            JavaClasses imported = new ClassFileImporter().importPath(classes);
            assertFalse(imported.isEmpty(), "no classes in " + classes);
            EvaluationResult result = NO_PACKAGE_CYCLE.evaluate(imported);
            if (result.hasViolation()) {
                cycles.add("module " + ROOT.relativize(module) + ":\n"
                        + String.join("\n", result.getFailureReport().getDetails()));
            }
        }
        if (!cycles.isEmpty()) {
            fail("package cycles (a package that imports from a package that imports it back is two packages that "
                    + "want a third):\n" + String.join("\n\n", cycles));
        }
    }

    /** The modules under {@code dir}'s POM that hold production code, nested aggregators followed. */
    private static List<Path> codeModules(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        String pom = Files.readString(dir.resolve("pom.xml"));
        if (Files.isDirectory(dir.resolve("src/main/java"))) {
            found.add(dir);
        }
        if (POM_PACKAGING.matcher(pom).find()) {
            Matcher module = MODULE.matcher(pom);
            while (module.find()) {
                found.addAll(codeModules(dir.resolve(module.group(1)).normalize()));
            }
        }
        return found;
    }
}
