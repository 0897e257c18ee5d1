package io.productscanner.runtime.console;

import io.productscanner.runtime.version.ProductVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's files, shipped in this jar beside this class. Only a flat name of lower-case letters, digits and
 * dashes with a known extension is looked up, so no request can name anything else in the jar (no slashes, no
 * dots but the extension's); what was read is kept, as the set of files is fixed and small.
 */
final class ConsoleAssets {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.(html|css|js|svg)");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "svg", "image/svg+xml");

    /** The page, whose footer names the build that serves it. */
    private static final String PAGE = "index.html";
    /** Where the page's footer takes the build. */
    private static final String BUILD_MARK = "{{build}}";

    /** One file: its bytes, its content type, and a strong validator of its bytes. */
    record Asset(byte[] bytes, String contentType, String etag) {}

    private final Map<String, Asset> read = new ConcurrentHashMap<>();

    /** The file called {@code name}, or empty when the name is not one the console could have. */
    Optional<Asset> find(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Asset known = read.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Asset> loaded = load(name);
        loaded.ifPresent(asset -> read.put(name, asset));
        return loaded;
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            if (name.equals(PAGE)) {
                bytes = new String(bytes, StandardCharsets.UTF_8)
                        .replace(BUILD_MARK, htmlText(ProductVersion.current().describe()))
                        .getBytes(StandardCharsets.UTF_8);
            }
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new Asset(bytes, CONTENT_TYPES.get(extension), etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console file " + name, e);
        }
    }

    private static String htmlText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
