package io.productscanner.plugin.musinsa;

import io.productscanner.plugin.testkit.UrlAssertions;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ScanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MusinsaPluginTest {
    private final MusinsaPlugin plugin = new MusinsaPlugin();

    @Test
    void describesItself() {
        assertEquals("musinsa", plugin.id());
        assertEquals(PluginKind.API, plugin.kind());
        assertEquals(List.of("musinsa"), plugin.queues());
        assertEquals(1, plugin.maxConcurrency());
    }

    @ParameterizedTest
    @CsvSource({
            "https://www.musinsa.com/products/3674341, 3674341",
            "https://musinsa.com/products/3674341, 3674341",
            "http://www.musinsa.com/products/3674341?utm_source=share&utm_medium=kakao#review, 3674341",
            "https://m.musinsa.com/products/3674341/, 3674341",
            "https://store.musinsa.com/app/goods/1843690, 1843690",
            "https://www.musinsa.com/app/goods/1843690/0, 1843690",
            "HTTPS://WWW.MUSINSA.COM/products/2551487, 2551487",
    })
    void readsTheProductNumberOfEveryUrlForm(String url, String productId) throws ScanException {
        assertTrue(plugin.matches(URI.create(url)));
        assertEquals(productId, plugin.productId(URI.create(url)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://www.musinsa.com/brands/musinsastandard",
            "https://www.musinsa.com/products/",
            "https://www.musinsa.com/products/abc",
            "https://www.musinsa.com/categories/products/3674341",
            "https://www.musinsa.com/search?q=/products/3674341",
            "https://notmusinsa.com/products/3674341",
            "https://musinsa.com.example.net/products/3674341",
            "https://www.29cm.co.kr/products/3674341",
            "ftp://www.musinsa.com/products/3674341",
            "/products/3674341",
    })
    void rejectsEverythingElseNamingTheAcceptedForms(String url) {
        UrlAssertions.assertRejected(plugin, url, "https://www.musinsa.com/products/{number}", "/app/goods/{number}");
    }

    @Test
    void theCanonicalUrlIsTheProductsPage() {
        assertEquals(URI.create("https://www.musinsa.com/products/3674341"), plugin.canonicalUrl("3674341"));
        assertThrows(IllegalArgumentException.class, () -> plugin.canonicalUrl("36743a1"));
        assertThrows(IllegalArgumentException.class, () -> plugin.canonicalUrl(""));
    }
}
