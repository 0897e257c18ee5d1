/**
 * The extract plugin (kind mixed, queue {@code extract}): scans one URL, one catalog row or one product on every
 * platform it is listed on, through the platform plugins the runtime hands it ({@code PluginContext.platforms()}).
 */
module productscanner.plugin.extract {
    requires productscanner.spi;

    provides io.productscanner.spi.PlatformPlugin with
            io.productscanner.plugin.extract.ExtractPlugin;
}
