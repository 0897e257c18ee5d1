package io.productscanner.support.http.internal;

import java.io.IOException;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/** Adds the browser headers a request does not set itself, so the platforms see their own web page calling. */
public final class DefaultHeadersInterceptor implements Interceptor {
    private final Map<String, String> headers;

    public DefaultHeadersInterceptor(Map<String, String> headers) {
        this.headers = Map.copyOf(headers);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Request.Builder withDefaults = request.newBuilder();
        headers.forEach((name, value) -> {
            if (request.header(name) == null) {
                withDefaults.header(name, value);
            }
        });
        return chain.proceed(withDefaults.build());
    }
}
