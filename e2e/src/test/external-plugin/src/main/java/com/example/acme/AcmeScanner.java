package com.example.acme;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import io.productscanner.support.core.JsonValues;
import io.productscanner.support.core.PluginConfig;
import io.productscanner.support.http.HttpCalls;
import io.productscanner.support.http.HttpClients;
import io.productscanner.support.http.HttpFailures;
import io.productscanner.support.http.JsonBodies;
import io.productscanner.support.http.TextResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** Scans one acme product: {@code GET API_URL}, a 404 is a product acme no longer has. */
final class AcmeScanner implements ProductScanner {
    private static final String STRATEGY = "api";
    private static final JsonPointer NAME = JsonPointer.compile("/name");

    private final String apiUrl;
    private final Map<String, SaleStatus> statuses;
    private final OkHttpClient client;

    AcmeScanner(PluginConfig config, OkHttpClient client) {
        this.apiUrl = config.require("API_URL");
        this.statuses = config.requireStatusMap("STATUS_MAP");
        this.client = client;
    }

    @Override
    public ProductSnapshot scan(URI productUrl) throws ScanException {
        String productId = AcmePlugin.URLS.requireProductId(productUrl);
        String url = AcmePlugin.URLS.canonical(productId).toString();
        Instant scannedAt = Instant.now();
        TextResponse response = HttpCalls.fetchText(client,
                new Request.Builder().url(apiUrl.replace("{id}", productId)).build());
        if (response.status() == 404) {
            return ProductSnapshot.notFound(AcmePlugin.ID, productId, url, "HTTP_404", STRATEGY, scannedAt);
        }
        if (!response.isSuccessful()) {
            throw HttpFailures.forStatus(response);
        }
        JsonNode product = JsonBodies.parseObject(response);
        String status = JsonValues.optionalText(product.path("status"));
        SaleStatus saleStatus = statuses.get(status);
        if (saleStatus == null) {
            throw HttpFailures.badBody(response, "unknown status '" + status + "' (add it to ACME_STATUS_MAP)", null);
        }
        Long price = JsonValues.positivePrice(product.path("price"));
        return ProductSnapshot.builder(AcmePlugin.ID, productId).url(url)
                .productName(JsonBodies.requiredText(response, product, NAME))
                .brand(JsonValues.optionalText(product.path("brand")))
                .originalPrice(price)
                .discountedPrice(firstOf(JsonValues.positivePrice(product.path("salePrice")), price))
                .saleStatus(saleStatus).rawStatus(status).strategy(STRATEGY).scannedAt(scannedAt).build();
    }

    private static Long firstOf(Long preferred, Long fallback) {
        return preferred != null ? preferred : fallback;
    }

    @Override
    public void close() {
        HttpClients.shutdown(client);
    }
}
