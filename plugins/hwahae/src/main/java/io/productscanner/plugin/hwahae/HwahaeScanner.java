package io.productscanner.plugin.hwahae;

import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.ScanException;
import io.productscanner.support.http.HttpCalls;
import io.productscanner.support.http.HttpClients;
import io.productscanner.support.http.HttpFailures;
import io.productscanner.support.http.TextResponse;
import java.net.URI;
import java.time.Instant;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/** Scans one hwahae product with one call to the commerce goods API. */
final class HwahaeScanner implements ProductScanner {
    private final HwahaeConfig config;
    private final OkHttpClient client;
    private final GoodsReader reader;

    HwahaeScanner(HwahaeConfig config, OkHttpClient client) {
        this.config = config;
        this.client = client;
        this.reader = new GoodsReader(config);
    }

    @Override
    public ProductSnapshot scan(URI productUrl) throws ScanException {
        String productId = HwahaePlugin.URLS.requireProductId(productUrl);
        Request request = new Request.Builder()
                .url(config.apiUrlTemplate().replace("{id}", productId))
                .build();
        TextResponse response = HttpCalls.fetchText(client, request);
        if (config.notFoundHttpStatuses().contains(response.status())) {
            return ProductSnapshot.notFound(
                    HwahaePlugin.ID,
                    productId,
                    HwahaePlugin.URLS.canonical(productId).toString(),
                    "HTTP_" + response.status(),
                    GoodsReader.STRATEGY,
                    Instant.now());
        }
        if (!response.isSuccessful()) {
            throw HttpFailures.forStatus(response);
        }
        return reader.read(productId, response, Instant.now());
    }

    @Override
    public void close() {
        HttpClients.shutdown(client);
    }
}
