package io.productscanner.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.productscanner.runtime.docs.Documentation;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/CONFIGURATION.md names every setting the runtime reads, so an operator finds each one there. */
class ConfigurationDocsTest {

    @Test
    void everyRuntimeSettingIsDocumented() throws IOException {
        String page = Documentation.read("docs/CONFIGURATION.md");
        List<String> missing = Arrays.stream(Setting.values())
                .map(Setting::envName)
                .filter(name -> !page.contains("`" + name + "`"))
                .toList();
        assertEquals(List.of(), missing, "settings missing from docs/CONFIGURATION.md");
    }
}
