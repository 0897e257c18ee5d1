package com.example.acme;

import io.productscanner.plugin.testkit.FixtureMirror;
import io.productscanner.plugin.testkit.SnapshotAssertions;
import io.productscanner.plugin.testkit.UrlAssertions;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The recorded answers of src/test/mirror, served by the test kit's fixture mirror. */
class AcmeScannerTest {
    @RegisterExtension
    static final FixtureMirror mirror = new FixtureMirror();

    private static final AcmePlugin plugin = new AcmePlugin();
    private static ProductScanner scanner;

    @BeforeAll
    static void startScanner() {
        scanner = plugin.createScanner(mirror.context(Map.of("ACME_PACING_MS", "0")));
    }

    @AfterAll
    static void stopScanner() {
        scanner.close();
    }

    @Test
    void aProductOnSale() throws ScanException {
        SnapshotAssertions.assertScan(ProductSnapshot.builder("acme", "1001").url("https://shop.acme.example/p/1001")
                        .productName("Acme Anvil").brand("Acme").originalPrice(12000L).discountedPrice(9900L)
                        .saleStatus(SaleStatus.ON_SALE).rawStatus("SALE").strategy("api").scannedAt(Instant.EPOCH)
                        .build(),
                () -> scanner.scan(URI.create("https://shop.acme.example/p/1001")));
        assertEquals(1, mirror.requestCount("api.acme.example/products/1001"));
    }

    @Test
    void aProductAcmeNoLongerHasIsNotFound() throws ScanException {
        SnapshotAssertions.assertScan(ProductSnapshot.notFound("acme", "1003", "https://shop.acme.example/p/1003",
                "HTTP_404", "api", Instant.EPOCH), () -> scanner.scan(URI.create("https://shop.acme.example/p/1003")));
    }

    @Test
    void anUnknownStatusIsAParseFailureCarryingTheAnswer() {
        ScanException failure = SnapshotAssertions.assertScanFails(FailureKind.PARSE,
                () -> scanner.scan(URI.create("https://shop.acme.example/p/1004")));
        assertEquals("answer.json", failure.evidence().getFirst().name());
    }

    @Test
    void otherUrlsAreRejectedNamingTheAcceptedForm() {
        UrlAssertions.assertRejected(plugin, "https://shop.acme.example/about", "https://shop.acme.example/p/{number}");
    }
}
