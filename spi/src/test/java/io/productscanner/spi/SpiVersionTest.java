package io.productscanner.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpiVersionTest {
    @Test
    void theCurrentVersionIsTheOneTheBuildWrote() {
        assertEquals(SpiVersion.parse(System.getProperty("spi.version")), SpiVersion.current());
    }

    @ParameterizedTest
    @CsvSource({
        "1.0, 1.0, true",
        "1.3, 1.0, true",
        "1.3, 1.3, true",
        "1.3, 1.4, false",
        "1.3, 2.0, false",
        "2.0, 1.9, false",
        "0.2, 0.1, true",
    })
    void aRuntimeRunsPluginsOfItsMajorUpToItsMinor(String runtime, String builtFor, boolean runs) {
        assertEquals(runs, SpiVersion.parse(runtime).runs(SpiVersion.parse(builtFor)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.0.0", "v1.0", "1.x", "-1.0", "1,0"})
    void anythingButMajorDotMinorIsRefusedNamingIt(String text) {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> SpiVersion.parse(text));
        assertEquals("an SPI version looks like 1.0 (major.minor), was '" + text + "'", failure.getMessage());
    }

    @Test
    void itReadsAsItIsWritten() {
        assertEquals("1.12", SpiVersion.parse(" 1.12 ").toString());
    }
}
