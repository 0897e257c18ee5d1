package io.productscanner.plugin.musinsa;

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

/** Scans one musinsa product with one call to the goods-detail API. */
final class MusinsaScanner implements ProductScanner {
    private final MusinsaConfig config;
    private final OkHttpClient client;
    private final GoodsDetailReader reader;

    MusinsaScanner(MusinsaConfig config, OkHttpClient client) {
        this.config = config;
        this.client = client;
        this.reader = new GoodsDetailReader(config);
    }

    @Override
    public ProductSnapshot scan(URI productUrl) throws ScanException {
        String productId = MusinsaPlugin.URLS.requireProductId(productUrl);
        Request request = new Request.Builder()
                .url(config.apiUrlTemplate().replace("{id}", productId))
                .build();
        TextResponse response = HttpCalls.fetchText(client, request);
        // musinsa explains a deleted or private product in a JSON body sent with HTTP 404
        if (!response.isSuccessful() && response.status() != 404) {
            throw HttpFailures.forStatus(response);
        }
        return reader.read(productId, response, Instant.now());
    }

    @Override
    public void close() {
        HttpClients.shutdown(client);
    }
}
