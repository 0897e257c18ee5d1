package io.productscanner.support.http.internal;

import java.io.IOException;

/** An answer whose body is longer than the client's limit; reading stopped there. */
public final class ResponseTooLargeException extends IOException {
    public ResponseTooLargeException(String url, long limitBytes) {
        super("the answer from " + url + " is larger than " + limitBytes + " bytes (MAX_BODY_BYTES)");
    }
}
