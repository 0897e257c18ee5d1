package io.productscanner.support.http.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * Bounds every answer's body: one announcing a longer {@code Content-Length} is refused before it is read, and a
 * body that runs past the limit (chunked, endless, or inflated from gzip) fails its read at the limit, so a site
 * cannot make a scanner hold more than the limit in memory.
 */
public final class BodyLimitInterceptor implements Interceptor {
    private final long limitBytes;

    public BodyLimitInterceptor(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        ResponseBody body = response.body();
        String url = chain.request().url().toString();
        if (body.contentLength() > limitBytes) {
            chain.call().cancel(); // closes the connection: closing the body alone drains it for up to 100 ms
            response.close();
            throw new ResponseTooLargeException(url, limitBytes);
        }
        BufferedSource limited = Okio.buffer(new ForwardingSource(body.source()) {
            private long read;

            @Override
            public long read(Buffer sink, long byteCount) throws IOException {
                long count = super.read(sink, byteCount);
                if (count > 0) {
                    read += count;
                    if (read > limitBytes) {
                        chain.call().cancel(); // as above: no draining of an endless body into the void
                        throw new ResponseTooLargeException(url, limitBytes);
                    }
                }
                return count;
            }
        });
        return response.newBuilder()
                .body(ResponseBody.create(limited, body.contentType(), body.contentLength()))
                .build();
    }
}
