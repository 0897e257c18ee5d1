/**
 * The Product Scanner plugin contract. A platform plugin provides {@link io.productscanner.spi.PlatformPlugin}
 * as a service; the runtime finds it with {@link java.util.ServiceLoader} in the plugin's own module layer.
 */
module productscanner.spi {
    exports io.productscanner.spi;
}
