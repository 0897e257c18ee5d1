package io.productscanner.runtime.workflow.nodes;

import io.productscanner.runtime.catalog.CatalogConfig;
import io.productscanner.runtime.catalog.CatalogDirectory;
import io.productscanner.runtime.catalog.CatalogPool;
import io.productscanner.runtime.catalog.CatalogSchema;
import io.productscanner.runtime.catalog.CatalogSource;
import io.productscanner.runtime.catalog.PostgresCatalog;
import io.productscanner.runtime.catalog.ProductSetUpdater;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.notify.NotifyConfig;
import io.productscanner.runtime.notify.WebhookNotifier;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.product.ProductComparison;
import io.productscanner.runtime.product.SaleStatusVocabulary;
import io.productscanner.runtime.results.ResultsConfig;
import io.productscanner.runtime.results.ResultsDirectory;
import io.productscanner.runtime.results.ScanEvidenceStore;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.runtime.workflow.NodeTypes;
import io.productscanner.spi.PlatformPlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The node types the runtime provides, plus those the known plugins add. */
public final class BuiltInNodeTypes {
    private BuiltInNodeTypes() {}

    /**
     * @param catalogPool the process's catalog connections, when there is a Postgres catalog
     * @param metrics     counts and times the scans of {@code scan_product}
     */
    public static NodeTypes create(
            PluginRegistry plugins,
            CatalogConfig catalogConfig,
            Optional<CatalogPool> catalogPool,
            NotifyConfig notify,
            ResultsConfig resultsConfig,
            ScannerMetrics metrics) {
        CatalogSchema schema = catalogConfig.schema();
        Optional<CatalogSource> catalog = catalogPool.map(pool -> new PostgresCatalog(pool, schema));
        SaleStatusVocabulary vocabulary = catalogConfig.saleStatuses();
        Optional<ProductSetUpdater> updater = catalogPool.map(pool -> new ProductSetUpdater(
                pool,
                schema,
                catalogConfig.historyTable(),
                ProductSetUpdater.DEFAULT_BATCH_SIZE,
                catalogConfig.autoCrawledOffSale() ? Optional.of(vocabulary.offSale()) : Optional.empty()));
        WebhookNotifier notifier = new WebhookNotifier(notify.slackWebhook(), notify.discordWebhook());
        ResultsDirectory results = new ResultsDirectory(resultsConfig.dir());
        ScanEvidenceStore evidence =
                new ScanEvidenceStore(results, resultsConfig.evidenceMaxBytes(), resultsConfig.evidenceMaxProducts());
        // one comparison for compare_product and the live results scan_product writes, so both read alike
        ProductComparison comparison = new ProductComparison(vocabulary);
        List<NodeType> types = new ArrayList<>(List.of(
                new FetchProductNode(plugins, catalog, new CatalogDirectory(catalogConfig.dir())),
                new ScanProductNode(results, evidence, comparison, metrics),
                new ValidateProductNode(),
                new CompareProductNode(comparison),
                new SaveResultNode(results),
                new UpdateProductSetNode(updater, vocabulary),
                new NotifyResultNode(notifier, notify.publicApiUrl())));
        // every known plugin's, served or not: the API checks the workflows that use them too
        for (PlatformPlugin plugin : plugins.known()) {
            plugin.nodeTypes().forEach(type -> types.add(new PluginNode(type, plugin.id(), plugins)));
        }
        return new NodeTypes(types);
    }
}
