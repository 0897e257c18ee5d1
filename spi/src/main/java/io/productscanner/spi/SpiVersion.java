package io.productscanner.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version of this SPI, {@code major.minor}. A minor version only adds (a type, a default method); a major version
 * may change or remove. So a plugin built for SPI {@code m.n} runs on a runtime whose SPI is {@code m.k} with
 * {@code k >= n}, and on nothing else. A plugin says which SPI it was built for in its JAR manifest
 * ({@value #MANIFEST_ATTRIBUTE}; the plugin build writes it), and the runtime refuses a plugin it cannot run.
 *
 * @param major changes when something a plugin relies on changes or goes
 * @param minor changes when something is added
 */
public record SpiVersion(int major, int minor) {
    /** The JAR manifest attribute holding the SPI version a plugin was built for, e.g. {@code 1.0}. */
    public static final String MANIFEST_ATTRIBUTE = "Product-Scanner-SPI-Version";

    private static final Pattern FORM = Pattern.compile("(\\d{1,6})\\.(\\d{1,6})");
    private static final SpiVersion CURRENT = parse(readCurrent());

    public SpiVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("an SPI version is two whole numbers, was " + major + "." + minor);
        }
    }

    /** The version of the SPI on the module path: the runtime's, or the one a plugin is compiled against. */
    public static SpiVersion current() {
        return CURRENT;
    }

    /**
     * Parses {@code major.minor}, e.g. {@code 1.0}.
     *
     * @throws IllegalArgumentException naming the text when it is not two whole numbers joined by a dot
     */
    public static SpiVersion parse(String text) {
        Matcher matcher = text == null ? null : FORM.matcher(text.strip());
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("an SPI version looks like 1.0 (major.minor), was '" + text + "'");
        }
        return new SpiVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    /** Whether a runtime with this SPI runs a plugin built for {@code builtFor}: same major, same or older minor. */
    public boolean runs(SpiVersion builtFor) {
        return builtFor.major == major && builtFor.minor <= minor;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }

    private static String readCurrent() {
        try (InputStream in = SpiVersion.class.getResourceAsStream("spi-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("spi-version.properties is missing from the SPI's JAR");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SPI version", e);
        }
    }
}
