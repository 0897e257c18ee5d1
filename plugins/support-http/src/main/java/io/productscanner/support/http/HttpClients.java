package io.productscanner.support.http;

import io.productscanner.spi.PluginContext;
import io.productscanner.support.core.egress.EgressPolicy;
import io.productscanner.support.http.internal.BodyLimitInterceptor;
import io.productscanner.support.http.internal.ClientSpanInterceptor;
import io.productscanner.support.http.internal.DefaultHeadersInterceptor;
import io.productscanner.support.http.internal.GuardedSocketFactory;
import io.productscanner.support.http.internal.PacingInterceptor;
import io.productscanner.support.http.internal.RedirectInterceptor;
import io.productscanner.support.http.internal.RetryInterceptor;
import io.productscanner.support.http.internal.SiteMirrorInterceptor;
import java.net.URI;
import java.util.Optional;
import okhttp3.OkHttpClient;

/** Builds the OkHttp client of an API plugin; one per scanner, since pacing is per client. */
public final class HttpClients {
    private HttpClients() {}

    /**
     * A client that bounds answers ({@link HttpSettings#maxBodyBytes()}), sends the default headers, retries
     * refusals and failures, follows redirects, goes through the context's site mirror when one is set, and paces
     * requests, in that order for each request; it connects only where the context's {@link EgressPolicy} allows
     * (nothing internal but the site mirror).
     *
     * @throws IllegalArgumentException when the context's site mirror is not an http(s) URL
     */
    public static OkHttpClient create(PluginContext context, HttpSettings settings) {
        return create(settings, context.siteMirror(), EgressPolicy.forContext(context));
    }

    /** A client as above, with the site mirror and the policy given apart (the policy need not be the mirror's). */
    static OkHttpClient create(HttpSettings settings, Optional<URI> siteMirror, EgressPolicy policy) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                .callTimeout(settings.callTimeout())
                // RedirectInterceptor follows them, so that every hop is mirrored and paced
                .followRedirects(false)
                .followSslRedirects(false)
                // every connection, first or redirected, IP literal or resolved name, is judged where it goes
                .socketFactory(new GuardedSocketFactory(policy))
                .addInterceptor(new BodyLimitInterceptor(settings.maxBodyBytes()))
                .addInterceptor(new DefaultHeadersInterceptor(settings.defaultHeaders()))
                .addInterceptor(new RetryInterceptor(
                        settings.maxAttempts(),
                        settings.backoffBase(),
                        settings.backoffMax(),
                        settings.maxRetryAfter()))
                .addInterceptor(new RedirectInterceptor(policy))
                // each hop and attempt a span, with the site's URL: before the mirror rewrites it
                .addInterceptor(new ClientSpanInterceptor());
        siteMirror.ifPresent(mirror -> builder.addInterceptor(new SiteMirrorInterceptor(mirror)));
        if (settings.pacing().isPositive()) {
            builder.addInterceptor(new PacingInterceptor(settings.pacing()));
        }
        return builder.build();
    }

    /** Releases a client's threads and pooled connections; for a scanner's {@code close()}. */
    public static void shutdown(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
