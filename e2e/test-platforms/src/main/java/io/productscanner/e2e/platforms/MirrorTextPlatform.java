package io.productscanner.e2e.platforms;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test platform on {@code https://{host}/goods/{id}} (also {@code https://m.{host}/goods/{id}}), read from the
 * site mirror as {@code /{host}/api/goods/{id}} in properties form: {@code name}, {@code original},
 * {@code price}, {@code status} (an SPI sale status). 404 means not found.
 */
abstract class MirrorTextPlatform implements PlatformPlugin {
    /** Scanners of this platform open now in this process: browser stand-ins log it, to show one at a time. */
    private final AtomicInteger open = new AtomicInteger();
    private final String id;
    private final String host;
    private final PluginKind kind;
    private final Pattern url;

    MirrorTextPlatform(String id, String host, PluginKind kind) {
        this.id = id;
        this.host = host;
        this.kind = kind;
        this.url = Pattern.compile("/goods/(\\d+)/?");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public PluginKind kind() {
        return kind;
    }

    @Override
    public boolean matches(URI uri) {
        return parse(uri).isPresent();
    }

    @Override
    public String productId(URI uri) throws ScanException {
        return parse(uri).orElseThrow(() -> new ScanException(FailureKind.INVALID_URL, uri + " is not a " + id
                + " product URL (https://" + host + "/goods/{id})"));
    }

    private Optional<String> parse(URI uri) {
        if (uri.getHost() == null || !(uri.getHost().equals(host) || uri.getHost().equals("m." + host))
                || uri.getPath() == null) {
            return Optional.empty();
        }
        Matcher m = url.matcher(uri.getPath());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    @Override
    public URI canonicalUrl(String productId) {
        return URI.create("https://" + host + "/goods/" + productId);
    }

    @Override
    public ProductScanner createScanner(PluginContext context) {
        URI mirror = context.siteMirror().orElseThrow(() -> new IllegalStateException(id
                + " is a test platform: it only reads from SCANNER_SITE_MIRROR"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        System.Logger log = System.getLogger(getClass().getName());
        log.log(System.Logger.Level.INFO, "event=test_platform.scanner_opened platform=" + id + " kind="
                + kind.wireName() + " open=" + open.incrementAndGet());
        return new ProductScanner() {
            @Override
            public ProductSnapshot scan(URI productUrl) throws ScanException {
                String productId = productId(productUrl);
                URI source = URI.create(mirror.toString().replaceAll("/$", "") + "/" + host + "/api/goods/" + productId);
                HttpResponse<String> response;
                try {
                    response = http.send(HttpRequest.newBuilder(source).timeout(Duration.ofSeconds(20)).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    throw new ScanException(FailureKind.NETWORK, source + ": " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ScanException(FailureKind.TIMEOUT, "interrupted");
                }
                String canonical = canonicalUrl(productId).toString();
                if (response.statusCode() == 404) {
                    return ProductSnapshot.notFound(id, productId, canonical, "404", "test", Instant.now());
                }
                if (response.statusCode() != 200) {
                    throw new ScanException(FailureKind.UPSTREAM, source + " answered " + response.statusCode());
                }
                Properties fields = new Properties();
                try {
                    fields.load(new StringReader(response.body()));
                } catch (IOException e) {
                    throw new ScanException(FailureKind.PARSE, e.getMessage(), e);
                }
                SaleStatus status = SaleStatus.fromWireName(fields.getProperty("status", "on_sale"));
                return new ProductSnapshot(id, productId, canonical, fields.getProperty("name"), null, null,
                        Long.valueOf(fields.getProperty("original")), Long.valueOf(fields.getProperty("price")),
                        status, status.name(), "test", Instant.now());
            }

            @Override
            public void close() {
                log.log(System.Logger.Level.INFO, "event=test_platform.scanner_closed platform=" + id + " kind="
                        + kind.wireName() + " open=" + open.decrementAndGet());
            }
        };
    }
}
