package io.productscanner.support.http;

import io.productscanner.spi.ScanException;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Runs requests for a scanner and reports I/O failures as typed scan failures. */
public final class HttpCalls {
    private HttpCalls() {}

    /**
     * Executes the request (with the client's retries) and reads the whole body, whatever the final status.
     *
     * @throws ScanException {@link io.productscanner.spi.FailureKind#TIMEOUT} or
     *                       {@link io.productscanner.spi.FailureKind#NETWORK} when no complete answer arrived
     */
    public static TextResponse fetchText(OkHttpClient client, Request request) throws ScanException {
        try (Response response = client.newCall(request).execute()) {
            return new TextResponse(
                    request.url(), response.code(), response.body().string(), response.header("Content-Type"));
        } catch (IOException e) {
            throw HttpFailures.forIoFailure(request.url(), e);
        }
    }
}
