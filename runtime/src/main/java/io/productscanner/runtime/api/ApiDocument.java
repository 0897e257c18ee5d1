package io.productscanner.runtime.api;

import io.helidon.openapi.OpenApiFeature;

/**
 * The API's contract, {@code META-INF/openapi.yaml} (OpenAPI 3.1), served as it is written at {@value #PATH}: YAML by
 * default, JSON for {@code Accept: application/json} or {@code ?format=JSON}. Like the console's files it holds no
 * data, so it needs no token ({@link OpenPaths}).
 */
final class ApiDocument {
    static final String PATH = "/openapi";
    /** Under META-INF, which no module encapsulates: found on the class path, the module path and in the image. */
    static final String RESOURCE = "META-INF/openapi.yaml";

    private ApiDocument() {}

    static OpenApiFeature feature() {
        return OpenApiFeature.builder()
                .webContext(PATH)
                .staticFile(RESOURCE)
                .servicesDiscoverServices(false)
                .build();
    }
}
