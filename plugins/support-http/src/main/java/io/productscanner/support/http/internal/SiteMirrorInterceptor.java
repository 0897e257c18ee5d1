package io.productscanner.support.http.internal;

import java.io.IOException;
import java.net.URI;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Sends every request to the site mirror: {@code https://{host}{path}?{query}} becomes
 * {@code {mirror}/{host}{path}?{query}}, with the same method, headers and body. The original port is dropped:
 * the mirror keeps one folder per host.
 */
public final class SiteMirrorInterceptor implements Interceptor {
    private final HttpUrl mirror;
    private final String mirrorPath;

    public SiteMirrorInterceptor(URI mirror) {
        HttpUrl url = HttpUrl.parse(mirror.toString());
        if (url == null) {
            throw new IllegalArgumentException(
                    "SCANNER_SITE_MIRROR must be an http:// or https:// URL, was '" + mirror + "'");
        }
        this.mirror = url;
        String path = url.encodedPath();
        this.mirrorPath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(chain.request()
                .newBuilder()
                .url(mirrored(chain.request().url()))
                .build());
    }

    private HttpUrl mirrored(HttpUrl original) {
        return mirror.newBuilder()
                .encodedPath(mirrorPath + "/" + original.host() + original.encodedPath())
                .encodedQuery(original.encodedQuery())
                .fragment(null)
                .build();
    }
}
